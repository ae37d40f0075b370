/**
 * NFS health as seen from inside a pod: one fixed POSIX sh script (BusyBox ash and Debian dash
 * both run it), no user input in its argv, output one tagged line per fact. The script leaves
 * nothing behind: each write probe removes its temporary file, and an EXIT trap removes it if the
 * script is interrupted between creating and removing it.
 */
import { formatBytes } from "@/lib/format";
import {
  classifyError,
  ErrorGroups,
  ERRNO_CLASSES,
  type ErrnoClass,
  type ErrorGroup,
} from "./errno";

/** Prefix of the write-probe files, so a leftover is recognisable (and safe to delete by hand). */
export const PROBE_FILE_PREFIX = ".arr-dashboard-probe.";

// Output: `pid N` first (the shell, so a stuck probe can be ended: lib/hardlinks/command.ts
// killCommand), then one tagged line per fact, each counted; the trailer `end STATUS COUNT` gives
// the worst exit status of the stat steps and how many tagged lines came before it (F12).
// Timestamps: nanoseconds from `date +%s%N` where supported (GNU; BusyBox with
// FEATURE_DATE_NANO), else centiseconds from /proc/uptime. Every timed line carries its unit.
// The link test (F1) creates a file in torrents/, hardlinks it into media/ and removes both,
// printing `link ok` or `link fail MESSAGE` (ln's strerror text: EXDEV, EPERM, ENOTSUP, EACCES…).
// `perm UID GID MODE PATH` lines give owner and mode of each writable directory and its parents,
// so writability can be judged for the app's PUID/PGID, not only for the exec identity (F5).
const PROBE_SCRIPT = [
  'm="$1"; shift',
  "n=0; rc=0",
  'emit() { if [ -n "$1" ]; then printf "%s\\n" "$1"; n=$((n + $(printf "%s\\n" "$1" | wc -l))); fi; }',
  'st() { if [ "$1" -gt "$rc" ]; then rc=$1; fi; }',
  'now() { t=$(date +%s%N); case "$t" in *[!0-9]*) read -r u _ < /proc/uptime; echo "cs ${u%.*}${u#*.}";; *) echo "ns $t";; esac; }',
  'printf "pid %s\\n" $$',
  'emit "id $(id -u) $(id -g)"',
  `x=$(stat -c 'dev %d %n' "$m" "$m/torrents" "$m/media"); st $?; emit "$x"`,
  `x=$(stat -f -c 'fs %b %f %a %S %T' "$m"); st $?; emit "$x"`,
  `emit "$(grep " $m" /proc/self/mountinfo | sed 's/^/mount /')"`,
  // Ten rounds of listing and stat, so that even the centisecond clock resolves about 1 ms.
  't0=$(now); i=0; while [ $i -lt 10 ]; do ls -a "$m/torrents" "$m/media" >/dev/null; stat -c %i "$m/torrents" "$m/media" >/dev/null; i=$((i+1)); done; t1=$(now); emit "meta 10 $t0 ${t1#* }"',
  "f=; l=",
  `trap 'if [ -n "$f" ]; then rm -f "$f"; fi; if [ -n "$l" ]; then rm -f "$l"; fi' EXIT`,
  `if f=$(mktemp "$m/torrents/${PROBE_FILE_PREFIX}XXXXXX"); then`,
  `  l="$m/media/${PROBE_FILE_PREFIX}link.$$"`,
  '  if e=$(ln "$f" "$l" 2>&1); then emit "link ok"; else l=; emit "link fail $(printf "%s" "$e" | tr "\\n" " ")"; fi',
  '  rm -f "$f" $l; f=; l=',
  'else f=; emit "link untested cannot create a file in torrents/"; fi',
  'for d in "$@"; do',
  '  p=$d; while [ -n "$p" ] && [ "$p" != "$m" ]; do x=$(stat -c "perm %u %g %a %n" "$p"); st $?; emit "$x"; p=${p%/*}; done',
  `  x=$(stat -c "perm %u %g %a %n" "$m"); emit "$x"`,
  "  t0=$(now)",
  `  if f=$(mktemp "$d/${PROBE_FILE_PREFIX}XXXXXX"); then`,
  '    if rm -f "$f"; then f=; t1=$(now); emit "write ok $t0 ${t1#* } $d"; else emit "write leftover x 0 0 $f"; f=; fi',
  '  else f=; emit "write fail x 0 0 $d"; fi',
  "done",
  'printf "end %s %s\\n" "$rc" "$n"',
].join("\n");

const SAFE_PATH = /^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * argv of the probe: `sh -c SCRIPT arr-nfs-probe MOUNT [WRITABLE_DIR…]`. Paths come from the
 * manifests and code (never from a request) and are checked to be plain absolute paths anyway.
 */
export function nfsProbeCommand(mountPath: string, writableDirs: readonly string[]): string[] {
  for (const p of [mountPath, ...writableDirs]) {
    if (!SAFE_PATH.test(p)) throw new Error(`refusing to probe path ${JSON.stringify(p)}`);
  }
  return ["sh", "-c", PROBE_SCRIPT, "arr-nfs-probe", mountPath, ...writableDirs];
}

/**
 * Where each app needs to write under the shared claim (relative to the mount): qBittorrent
 * downloads to torrents/, Sonarr and Radarr hardlink into their root folders; Jellyfin only reads.
 * @see the seed's tasks 4.25.4.2, 4.25.5.7, 4.25.6.7
 */
export const WRITABLE_SUBDIRS: Readonly<Record<string, readonly string[]>> = {
  qbittorrent: ["torrents"],
  sonarr: ["media/tv"],
  radarr: ["media/movies"],
  jellyfin: [],
};

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  source: string;
}

interface WriteProbe {
  dir: string;
  ok: boolean;
  latencyMs: number | null;
  /** Set when the probe file could not be removed (path of the file left behind). */
  leftover?: string;
}

/** Owner and mode of a directory, as `stat -c '%u %g %a'` printed them. */
export interface PathPerm {
  path: string;
  uid: number;
  gid: number;
  /** Permission bits, e.g. 0o755. */
  mode: number;
}

/** A numeric identity (the exec's, or the app's PUID/PGID). */
export interface Identity {
  uid: number;
  gid: number;
}

export interface NfsProbeResult {
  /** The trailer arrived last and its line count matches what was read (F12). */
  complete: boolean;
  /** Why not complete. */
  incompleteReason?: string;
  /** The script's pid (to end it when stuck). */
  pid: number | null;
  /** The trailer: worst exit status of the stat steps and the tagged lines before it. */
  trailer: { status: number; count: number } | null;
  /** Who the probe ran as. */
  execIdentity: Identity | null;
  perms: PathPerm[];
  /** The real link test torrents/ → media/ (F1): null when the script did not get that far. */
  link: { ok: true } | { ok: false; untested: boolean; message: string; cls: ErrnoClass } | null;
  /** stderr lines grouped by cause (ESTALE, EACCES, EIO, …) with remedies (F4). */
  errorGroups: ErrorGroup[];
  devices: { data?: string; torrents?: string; media?: string };
  space: {
    totalBytes: number;
    freeBytes: number;
    availableBytes: number;
    usedBytes: number;
    fsType: string;
  } | null;
  mounts: MountEntry[];
  metadataLatencyMs: number | null;
  writes: WriteProbe[];
  /** stderr lines and lines the parser did not understand. */
  errors: string[];
}

/** Undo mountinfo's octal escapes (\040 for space, \011 tab, \012 newline, \134 backslash). */
function unescapeMountinfo(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Parses one /proc/self/mountinfo line. @see https://man7.org/linux/man-pages/man5/proc_pid_mountinfo.5.html */
export function parseMountinfoLine(line: string): MountEntry | null {
  const fields = line.split(" ");
  const dash = fields.indexOf("-");
  if (dash < 6 || fields.length < dash + 3) return null;
  const mountPoint = fields[4];
  const fsType = fields[dash + 1];
  const source = fields[dash + 2];
  if (mountPoint === undefined || fsType === undefined || source === undefined) return null;
  return { mountPoint: unescapeMountinfo(mountPoint), fsType, source: unescapeMountinfo(source) };
}

/** Milliseconds between two probe timestamps of the given unit ("ns" or "cs"). */
function elapsedMs(unit: string, t0: string, t1: string): number | null {
  if (!/^\d+$/.test(t0) || !/^\d+$/.test(t1)) return null;
  const d = BigInt(t1) - BigInt(t0);
  if (d < 0n) return null;
  if (unit === "ns") return Number(d) / 1e6;
  if (unit === "cs") return Number(d) * 10;
  return null;
}

/** Parses the probe's stdout and stderr (whole: the output is a few hundred bytes). */
export function parseNfsProbe(mountPath: string, stdout: string, stderr: string): NfsProbeResult {
  const result: NfsProbeResult = {
    complete: false,
    pid: null,
    trailer: null,
    execIdentity: null,
    perms: [],
    link: null,
    errorGroups: [],
    devices: {},
    space: null,
    mounts: [],
    metadataLatencyMs: null,
    writes: [],
    errors: [],
  };
  let counted = 0;
  let afterEnd = false;
  for (const line of stdout.split("\n")) {
    if (line === "" || line === "begin") continue;
    const [tag, ...rest] = line.split(" ");
    if (result.trailer) afterEnd = true;
    if (tag === "pid") {
      const pid = Number(rest[0]);
      if (Number.isSafeInteger(pid) && pid > 1) result.pid = pid;
      continue;
    }
    if (tag === "end") {
      const [st, cnt] = rest.map((x) => (/^\d+$/.test(x) ? Number(x) : NaN));
      if (st !== undefined && cnt !== undefined && !isNaN(st) && !isNaN(cnt))
        result.trailer = { status: st, count: cnt };
      continue;
    }
    counted += 1;
    if (tag === "id") {
      const [uid, gid] = rest.map(Number);
      if (Number.isSafeInteger(uid) && Number.isSafeInteger(gid))
        result.execIdentity = { uid: uid as number, gid: gid as number };
    } else if (tag === "perm") {
      const [uid, gid, mode, ...name] = rest;
      if (/^\d+$/.test(uid ?? "") && /^\d+$/.test(gid ?? "") && /^[0-7]{1,4}$/.test(mode ?? ""))
        result.perms.push({
          path: name.join(" "),
          uid: Number(uid),
          gid: Number(gid),
          mode: parseInt(mode ?? "0", 8),
        });
      else result.errors.push(`unparsable: ${line.slice(0, 200)}`);
    } else if (tag === "link") {
      const [outcome, ...msg] = rest;
      const message = msg.join(" ").trim();
      if (outcome === "ok") result.link = { ok: true };
      else
        result.link = {
          ok: false,
          untested: outcome === "untested",
          message,
          cls: classifyError(message),
        };
    } else if (tag === "dev") {
      const [dev, ...name] = rest;
      const path = name.join(" ");
      if (dev === undefined || !/^\d+$/.test(dev)) result.errors.push(`unparsable: ${line}`);
      else if (path === mountPath) result.devices.data = dev;
      else if (path === `${mountPath}/torrents`) result.devices.torrents = dev;
      else if (path === `${mountPath}/media`) result.devices.media = dev;
    } else if (tag === "fs") {
      const [b, f, a, bs, ...type] = rest;
      const n = [b, f, a, bs].map((x) => Number(x));
      if (n.some((x) => !Number.isFinite(x))) result.errors.push(`unparsable: ${line}`);
      else {
        const [blocks, free, avail, size] = n as [number, number, number, number];
        result.space = {
          totalBytes: blocks * size,
          freeBytes: free * size,
          availableBytes: avail * size,
          usedBytes: (blocks - free) * size,
          fsType: type.join(" "),
        };
      }
    } else if (tag === "mount") {
      const entry = parseMountinfoLine(rest.join(" "));
      if (entry && (entry.mountPoint === mountPath || entry.mountPoint.startsWith(`${mountPath}/`)))
        result.mounts.push(entry);
    } else if (tag === "meta") {
      const [rounds, unit, t0, t1] = rest;
      const total = elapsedMs(unit ?? "", t0 ?? "", t1 ?? "");
      result.metadataLatencyMs = total === null || !Number(rounds) ? null : total / Number(rounds);
    } else if (tag === "write") {
      const [outcome, unit, t0, t1, ...dir] = rest;
      const path = dir.join(" ");
      if (outcome === "ok")
        result.writes.push({
          dir: path,
          ok: true,
          latencyMs: elapsedMs(unit ?? "", t0 ?? "", t1 ?? ""),
        });
      else if (outcome === "leftover")
        result.writes.push({
          dir: path.slice(0, path.lastIndexOf("/")),
          ok: false,
          latencyMs: null,
          leftover: path,
        });
      else result.writes.push({ dir: path, ok: false, latencyMs: null });
    } else result.errors.push(`unexpected: ${line.slice(0, 200)}`);
  }
  const groups = new ErrorGroups();
  for (const line of stderr.split("\n"))
    if (line.trim()) {
      result.errors.push(line.slice(0, 300));
      groups.add(line);
    }
  result.errorGroups = groups.result();
  if (!result.trailer) result.incompleteReason = "the probe's output ended without its trailer";
  else if (afterEnd) result.incompleteReason = "output arrived after the probe's trailer";
  else if (result.trailer.count !== counted)
    result.incompleteReason = `the probe printed ${result.trailer.count} lines but ${counted} arrived`;
  result.complete = result.incompleteReason === undefined;
  return result;
}

/**
 * Whether `who` may create files in `dir`, from owner and mode alone: write and search on the
 * directory, search on every parent down from the mount (uid 0 is not assumed to override: the
 * containers here run without CAP_DAC_OVERRIDE). Null when a needed directory was not stat'ed.
 * Supplementary groups are not known and not counted.
 * @see https://man7.org/linux/man-pages/man7/path_resolution.7.html
 */
export function writableFor(
  who: Identity,
  dir: string,
  perms: readonly PathPerm[],
  mountPath: string,
): boolean | null {
  const bits = (p: PathPerm) =>
    p.uid === who.uid ? (p.mode >> 6) & 7 : p.gid === who.gid ? (p.mode >> 3) & 7 : p.mode & 7;
  const chain: string[] = [];
  for (let p = dir; p.length >= mountPath.length; p = p.slice(0, p.lastIndexOf("/"))) {
    chain.push(p);
    if (p === mountPath) break;
  }
  for (const path of chain) {
    const perm = perms.find((x) => x.path === path);
    if (!perm) return null;
    const b = bits(perm);
    if ((b & 1) === 0) return false;
    if (path === dir && (b & 2) === 0) return false;
  }
  return true;
}

/** The mountinfo entry a path resolves to: the longest mount point that contains it. */
function mountOf(path: string, mounts: readonly MountEntry[]): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts)
    if (
      (path === m.mountPoint || path.startsWith(`${m.mountPoint}/`)) &&
      (!best || m.mountPoint.length >= best.mountPoint.length)
    )
      best = m;
  return best;
}

type Verdict = "pass" | "fail" | "could-not-check";

interface NfsFinding {
  name:
    | "complete"
    | "mounted"
    | "readable"
    | "same-device"
    | "same-mount"
    | "link-test"
    | "space"
    | "latency"
    | "writable";
  verdict: Verdict;
  detail: string;
}

export interface NfsHealth {
  verdict: Verdict;
  findings: NfsFinding[];
  probe: NfsProbeResult;
}

/** Below this much free space the check fails (downloads would stall). */
const MIN_FREE_BYTES = 10 * 1024 ** 3;

const worstVerdict = (vs: Verdict[]): Verdict =>
  vs.includes("fail") ? "fail" : vs.includes("could-not-check") ? "could-not-check" : "pass";

/**
 * Judges one pod's probe. `expectedWritable` are the absolute directories the app must write;
 * `app` is the app's PUID/PGID from its Deployment (writability is judged for it, F5; both
 * identities are shown when they disagree). Passing needs the real operations: the link test
 * (F1), a complete output (F12), no stale handle or I/O error on the mount (F4).
 */
export function judgeNfsProbe(
  mountPath: string,
  probe: NfsProbeResult,
  expectedWritable: readonly string[],
  app?: Identity,
): NfsHealth {
  const findings: NfsFinding[] = [];
  if (!probe.complete)
    findings.push({
      name: "complete",
      verdict: "could-not-check",
      detail: `incomplete probe output: ${probe.incompleteReason ?? "unknown"}`,
    });
  const main = probe.mounts.find((m) => m.mountPoint === mountPath);
  const nested = probe.mounts.filter((m) => m.mountPoint !== mountPath);
  if (main)
    findings.push({
      name: "mounted",
      verdict: "pass",
      detail: `${mountPath} is a ${main.fsType} mount of ${main.source}`,
    });
  else if (probe.complete)
    findings.push({
      name: "mounted",
      verdict: "fail",
      detail: `nothing is mounted at ${mountPath}`,
    });
  else
    findings.push({
      name: "mounted",
      verdict: "could-not-check",
      detail: "the probe did not finish",
    });

  // F4: a stale handle, an I/O error or a timeout anywhere, or a root that cannot be read, is a
  // named failure with its remedy (never "no files yet").
  const roots = [mountPath, `${mountPath}/torrents`, `${mountPath}/media`];
  const seriousLines = probe.errors.filter((line) => {
    const cls = classifyError(line);
    if (cls === "stale" || cls === "io" || cls === "timeout") return true;
    return cls !== "other" && roots.some((r) => mentionsPath(line, r));
  });
  if (seriousLines.length > 0) {
    const groups = new ErrorGroups();
    for (const line of seriousLines) groups.add(line);
    findings.push({
      name: "readable",
      verdict: "fail",
      detail: groups
        .result()
        .map(
          (g) =>
            `${g.label} (${g.errno}) ×${g.count}, e.g. ${g.examples[0] ?? ""}. Remedy: ${g.remedy}`,
        )
        .join("; "),
    });
  }

  const { torrents, media } = probe.devices;
  if (torrents !== undefined && media !== undefined) {
    const extra =
      nested.length > 0
        ? ` (separate mounts: ${nested.map((m) => `${m.mountPoint} ${m.fsType}`).join(", ")})`
        : "";
    findings.push(
      torrents === media
        ? {
            name: "same-device",
            verdict: "pass",
            detail: `torrents/ and media/ are on device ${torrents}`,
          }
        : {
            name: "same-device",
            verdict: "fail",
            detail: `torrents/ is on device ${torrents} but media/ on ${media}: hardlinks are impossible${extra}`,
          },
    );
  } else
    findings.push({
      name: "same-device",
      verdict: "could-not-check",
      detail: `could not stat ${torrents === undefined ? "torrents/" : "media/"}`,
    });

  // F1: one device number is not enough; link(2) fails with EXDEV across mount points.
  const tm = mountOf(`${mountPath}/torrents`, probe.mounts);
  const mm = mountOf(`${mountPath}/media`, probe.mounts);
  if (!tm || !mm)
    findings.push({
      name: "same-mount",
      verdict: "could-not-check",
      detail: "the mount table did not show where torrents/ and media/ are mounted",
    });
  else if (tm === mm)
    findings.push({
      name: "same-mount",
      verdict: "pass",
      detail: `torrents/ and media/ are both on the mount at ${tm.mountPoint}`,
    });
  else {
    const extra = [tm, mm].filter((m) => m.mountPoint !== mountPath);
    findings.push({
      name: "same-mount",
      verdict: "fail",
      detail: `torrents/ is on the mount at ${tm.mountPoint} but media/ on ${mm.mountPoint}: link() fails with EXDEV across mounts even on one device; remove the extra mount ${extra.map((m) => `${m.mountPoint} (${m.fsType} ${m.source})`).join(", ")}`,
    });
  }

  if (!probe.link)
    findings.push({
      name: "link-test",
      verdict: "could-not-check",
      detail: "the link test did not run",
    });
  else if (probe.link.ok)
    findings.push({
      name: "link-test",
      verdict: "pass",
      detail: "a file created in torrents/ was hardlinked into media/ (both removed)",
    });
  else if (probe.link.untested)
    findings.push({
      name: "link-test",
      verdict: "could-not-check",
      detail: `link test not run: ${probe.link.message}`,
    });
  else {
    const info = ERRNO_CLASSES[probe.link.cls];
    findings.push({
      name: "link-test",
      verdict: "fail",
      detail: `hardlinking torrents/ → media/ failed: ${probe.link.message} (${info.errno}). Remedy: ${info.remedy}`,
    });
  }

  if (probe.space) {
    const s = probe.space;
    findings.push({
      name: "space",
      verdict: s.availableBytes < MIN_FREE_BYTES ? "fail" : "pass",
      detail: `${formatBytes(s.availableBytes)} available of ${formatBytes(s.totalBytes)} (${formatBytes(s.usedBytes)} used, ${s.fsType})`,
    });
  } else
    findings.push({ name: "space", verdict: "could-not-check", detail: "stat -f gave no answer" });

  findings.push(
    probe.metadataLatencyMs === null
      ? {
          name: "latency",
          verdict: "could-not-check",
          detail: "no timing (date without nanoseconds, or the probe did not run)",
        }
      : {
          name: "latency",
          verdict: "pass",
          detail: `${probe.metadataLatencyMs.toFixed(1)} ms per round of two directory listings and two stats`,
        },
  );

  const execWho = probe.execIdentity
    ? `the exec identity ${probe.execIdentity.uid}:${probe.execIdentity.gid}`
    : "the exec identity";
  for (const dir of expectedWritable) {
    const w = probe.writes.find((x) => x.dir === dir);
    const forApp = app ? writableFor(app, dir, probe.perms, mountPath) : null;
    const appWho = app ? `the app's PUID:PGID ${app.uid}:${app.gid}` : "";
    if (w?.leftover) {
      findings.push({
        name: "writable",
        verdict: "fail",
        detail: `${dir}: created but could not remove ${w.leftover}`,
      });
      continue;
    }
    const execOk = w ? w.ok : null;
    const both =
      app && forApp !== null && execOk !== null && forApp !== execOk
        ? ` (${execWho} ${execOk ? "can" : "cannot"} write it; ${appWho} ${forApp ? "can" : "cannot"})`
        : "";
    if (app && forApp !== null)
      findings.push({
        name: "writable",
        verdict: forApp ? "pass" : "fail",
        detail: `${dir} is ${forApp ? "" : "not "}writable for ${appWho} (owner ${ownerText(dir, probe.perms)})${both}`,
      });
    else if (execOk === null)
      findings.push({ name: "writable", verdict: "could-not-check", detail: `${dir}: not probed` });
    else if (app)
      findings.push({
        name: "writable",
        verdict: "could-not-check",
        detail: `${dir}: ${execWho} ${execOk ? "can" : "cannot"} write it, but owner and mode for ${appWho} were not read`,
      });
    else if (execOk)
      findings.push({
        name: "writable",
        verdict: "pass",
        detail: `${dir} is writable for ${execWho}${w?.latencyMs == null ? "" : ` (create+remove ${w.latencyMs.toFixed(1)} ms)`}`,
      });
    else
      findings.push({
        name: "writable",
        verdict: "fail",
        detail: `${dir} is not writable for ${execWho}`,
      });
  }
  return { verdict: worstVerdict(findings.map((f) => f.verdict)), findings, probe };
}

/** Whether a diagnostic names exactly `path` (quoted by GNU or BusyBox, or bare). */
function mentionsPath(line: string, path: string): boolean {
  return [`'${path}'`, `‘${path}’`, `"${path}"`, ` ${path}:`].some((q) => line.includes(q));
}

function ownerText(dir: string, perms: readonly PathPerm[]): string {
  const p = perms.find((x) => x.path === dir);
  return p ? `${p.uid}:${p.gid} mode ${p.mode.toString(8).padStart(3, "0")}` : "unknown";
}
