import type { Result } from "@/lib/result";
import { RECORD_MARK, STAT_FORMAT } from "./command";
import { classifyError } from "@/lib/nfs/errno";
import { isStatRecord, parseStatRecord, parseToolError, type StatRecord } from "./parse";

/**
 * Hardlink evidence from the apps themselves: Sonarr's and Radarr's import history records each
 * import as `droppedPath` (the download) → `importedPath` (the library file). Stat'ing both in a
 * pod that mounts /data tells: same device and inode = hardlinked; both present with different
 * inodes = copied (the library file's bytes are stored twice); download gone = moved (not a
 * failure: the *arr moves when the torrent no longer seeds); library file gone = missing.
 * @see /work/shared/reference/app-apis.md §0.2 and §1.3 (history `data` keys)
 */

export interface ImportPair {
  app: "sonarr" | "radarr";
  droppedPath: string;
  importedPath: string;
  date?: string;
}

type PairVerdict = "hardlinked" | "copied" | "moved" | "missing";

interface JudgedPair extends ImportPair {
  verdict: PairVerdict;
  /** Bytes stored twice (copied pairs): the library file's size. */
  bytesWasted: number;
}

export interface PairsReport {
  pairs: JudgedPair[];
  counts: Record<PairVerdict, number>;
  bytesWasted: number;
  /** Paths not judged, and why (outside /data, control characters, or stat's error other than ENOENT). */
  rejected: { path: string; reason: string }[];
}

/** At most this many pairs per app (the most recent imports). */
const MAX_PAIRS_PER_APP = 50;
/** At most this many paths in one pair stat: two apps, two paths per pair (the exec policy's bound). */
export const MAX_PAIR_STAT_PATHS = 2 * 2 * MAX_PAIRS_PER_APP;
const MAX_PATH = 4096;

/**
 * Why a path from an app's history may not be passed to `stat` (null when it may): it must be
 * absolute, inside `mountPath`, without `.`/`..` segments, NUL, newline or other control
 * characters, and not start with "-" (it cannot: it starts with "/").
 */
export function pathProblem(path: string, mountPath: string): string | null {
  if (path.length === 0 || path.length > MAX_PATH) return "empty or too long";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return "contains a control character";
  if (!path.startsWith(`${mountPath}/`)) return `not under ${mountPath}`;
  if (path.split("/").some((seg) => seg === "." || seg === ".."))
    return "contains . or .. segments";
  return null;
}

/** The import pairs of an app's history records (`data.droppedPath` / `data.importedPath`). */
export function importPairs(
  app: ImportPair["app"],
  records: readonly { date?: string; data?: Record<string, string | null> | null }[],
  mountPath: string,
): { pairs: ImportPair[]; rejected: PairsReport["rejected"] } {
  const pairs: ImportPair[] = [];
  const rejected: PairsReport["rejected"] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (pairs.length >= MAX_PAIRS_PER_APP) break;
    const dropped = r.data?.droppedPath;
    const imported = r.data?.importedPath;
    if (!dropped || !imported) continue;
    const bad = [dropped, imported]
      .map((p) => ({ p, why: pathProblem(p, mountPath) }))
      .filter((x) => x.why !== null);
    if (bad.length > 0) {
      for (const b of bad) rejected.push({ path: b.p.slice(0, 300), reason: b.why ?? "" });
      continue;
    }
    const key = `${dropped}\0${imported}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push({
      app,
      droppedPath: dropped,
      importedPath: imported,
      ...(r.date ? { date: r.date } : {}),
    });
  }
  return { pairs, rejected };
}

/**
 * The fixed argv that stats the pairs' paths: `stat -c FORMAT -- PATH…` (no shell; each path one
 * argv element, validated by `pathProblem`). BusyBox and GNU stat both take `--`. A missing file
 * makes stat print to stderr and exit 1; the others are still printed.
 */
export function pairStatCommand(pairs: readonly ImportPair[]): string[] {
  const paths = [...new Set(pairs.flatMap((p) => [p.droppedPath, p.importedPath]))];
  return ["stat", "-c", STAT_FORMAT, "--", ...paths];
}

/** Parses the stat output into records by path (records carry RECORD_MARK; names may hold spaces). */
export function parsePairStats(stdout: string): Map<string, StatRecord> {
  const out = new Map<string, StatRecord>();
  for (const chunk of stdout.split(RECORD_MARK)) {
    const body = chunk.replace(/\n$/, "");
    if (!body) continue;
    const r = parseStatRecord(body);
    if (isStatRecord(r)) out.set(r.path, r);
  }
  return out;
}

/**
 * Parses stat's stderr into path → message (GNU `stat: cannot statx '/p': msg`, BusyBox
 * `stat: can't stat '/p': msg`); lines without a path are dropped.
 */
export function parsePairErrors(stderr: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stderr.split("\n")) {
    if (!line) continue;
    const e = parseToolError(line);
    if (e.path !== undefined) out.set(e.path, e.message);
  }
  return out;
}

/**
 * Judges each pair from the stat records. A path without a record counts as absent only when
 * stat said "No such file or directory" for it (or said nothing, the exit status being known);
 * any other error (permission denied, stale handle, I/O error…) leaves the pair unjudged and
 * listed under `rejected` with the error: an unreadable download is not "moved" (F4).
 * @see ../shared/reference/field-failures.md F4
 */
export function judgePairs(
  allPairs: readonly ImportPair[],
  stats: ReadonlyMap<string, StatRecord>,
  rejected: PairsReport["rejected"] = [],
  errors: ReadonlyMap<string, string> = new Map(),
): PairsReport {
  const counts: Record<PairVerdict, number> = { hardlinked: 0, copied: 0, moved: 0, missing: 0 };
  let bytesWasted = 0;
  rejected = [...rejected];
  const unreadable = (path: string) => {
    const message = stats.has(path) ? undefined : errors.get(path);
    return message !== undefined && classifyError(message) !== "missing" ? message : undefined;
  };
  const pairs = allPairs.filter((p) => {
    const bad = [p.droppedPath, p.importedPath]
      .map((path) => ({ path, why: unreadable(path) }))
      .filter((x) => x.why !== undefined);
    for (const b of bad) rejected.push({ path: b.path, reason: `stat: ${b.why ?? ""}` });
    return bad.length === 0;
  });
  const judged = pairs.map((p): JudgedPair => {
    const d = stats.get(p.droppedPath);
    const i = stats.get(p.importedPath);
    let verdict: PairVerdict;
    let wasted = 0;
    if (!i) verdict = "missing";
    else if (!d) verdict = "moved";
    else if (d.dev === i.dev && d.ino === i.ino) verdict = "hardlinked";
    else {
      verdict = "copied";
      wasted = i.size;
    }
    counts[verdict] += 1;
    bytesWasted += wasted;
    return { ...p, verdict, bytesWasted: wasted };
  });
  return { pairs: judged, counts, bytesWasted, rejected };
}

/** Sonarr's and Radarr's import pairs, stat'ed in the audit's pod (with each audit). */
export interface PairsEvidence {
  finishedAt: string;
  pod: string;
  /** Per app: why its history could not be read. */
  unavailable: string[];
  result: Result<{ report: PairsReport }>;
}
