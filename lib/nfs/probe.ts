/**
 * NFS health as seen from inside a pod: one fixed POSIX sh script (BusyBox ash and Debian dash
 * both run it), no user input in its argv, output one tagged line per fact. The script leaves
 * nothing behind: each write probe removes its temporary file, and an EXIT trap removes it if the
 * script is interrupted between creating and removing it.
 */
import { formatBytes } from "@/lib/format";

/** Prefix of the write-probe files, so a leftover is recognisable (and safe to delete by hand). */
export const PROBE_FILE_PREFIX = ".arr-dashboard-probe.";

// Timestamps: nanoseconds from `date +%s%N` where supported (GNU; BusyBox with
// FEATURE_DATE_NANO), else centiseconds from /proc/uptime. Every timed line carries its unit.
const PROBE_SCRIPT = [
  'm="$1"; shift',
  'now() { t=$(date +%s%N); case "$t" in *[!0-9]*) read -r u _ < /proc/uptime; echo "cs ${u%.*}${u#*.}";; *) echo "ns $t";; esac; }',
  "echo begin",
  `stat -c 'dev %d %n' "$m" "$m/torrents" "$m/media"`,
  `stat -f -c 'fs %b %f %a %S %T' "$m"`,
  `grep " $m" /proc/self/mountinfo | sed 's/^/mount /'`,
  // Ten rounds of listing and stat, so that even the centisecond clock resolves about 1 ms.
  't0=$(now); i=0; while [ $i -lt 10 ]; do ls -a "$m/torrents" "$m/media" >/dev/null; stat -c %i "$m/torrents" "$m/media" >/dev/null; i=$((i+1)); done; t1=$(now); echo "meta 10 $t0 ${t1#* }"',
  "f=",
  `trap 'if [ -n "$f" ]; then rm -f "$f"; fi' EXIT`,
  'for d in "$@"; do',
  "  t0=$(now)",
  `  if f=$(mktemp "$d/${PROBE_FILE_PREFIX}XXXXXX"); then`,
  '    if rm -f "$f"; then f=; t1=$(now); echo "write ok $t0 ${t1#* } $d"; else echo "write leftover x 0 0 $f"; f=; fi',
  '  else f=; echo "write fail x 0 0 $d"; fi',
  "done",
  "echo end",
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

export interface NfsProbeResult {
  /** The script ran to its last line. */
  complete: boolean;
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
    devices: {},
    space: null,
    mounts: [],
    metadataLatencyMs: null,
    writes: [],
    errors: [],
  };
  for (const line of stdout.split("\n")) {
    if (line === "" || line === "begin") continue;
    if (line === "end") {
      result.complete = true;
      continue;
    }
    const [tag, ...rest] = line.split(" ");
    if (tag === "dev") {
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
  for (const line of stderr.split("\n")) if (line.trim()) result.errors.push(line.slice(0, 300));
  return result;
}

type Verdict = "pass" | "fail" | "could-not-check";

interface NfsFinding {
  name: "mounted" | "same-device" | "space" | "latency" | "writable";
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

/** Judges one pod's probe. `expectedWritable` are the absolute directories the app must write. */
export function judgeNfsProbe(
  mountPath: string,
  probe: NfsProbeResult,
  expectedWritable: readonly string[],
): NfsHealth {
  const findings: NfsFinding[] = [];
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

  for (const dir of expectedWritable) {
    const w = probe.writes.find((x) => x.dir === dir);
    if (!w)
      findings.push({ name: "writable", verdict: "could-not-check", detail: `${dir}: not probed` });
    else if (w.leftover)
      findings.push({
        name: "writable",
        verdict: "fail",
        detail: `${dir}: created but could not remove ${w.leftover}`,
      });
    else if (w.ok)
      findings.push({
        name: "writable",
        verdict: "pass",
        detail: `${dir} is writable${w.latencyMs === null ? "" : ` (create+remove ${w.latencyMs.toFixed(1)} ms)`}`,
      });
    else findings.push({ name: "writable", verdict: "fail", detail: `${dir} is not writable` });
  }
  return { verdict: worstVerdict(findings.map((f) => f.verdict)), findings, probe };
}
