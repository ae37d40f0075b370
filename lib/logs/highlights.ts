/**
 * Known failure lines of the stack's images, marked in the log view and summarised above it.
 * Each rule says where the fact comes from; the order decides which rule names a line.
 */

export type HighlightId =
  | "s6-uidgid"
  | "permission-denied"
  | "database-locked"
  | "qbittorrent-temp-password"
  | "ffmpeg-error";

export interface HighlightRule {
  id: HighlightId;
  /** Short name shown in the summary. */
  title: string;
  /** What it usually means and what to do. */
  hint: string;
  /**
   * The hint ends with the `kubectl logs` command for the container the line came from (the
   * dashboard hides something that command shows).
   */
  kubectlHint?: true;
  severity: "error" | "warning" | "info";
  pattern: RegExp;
}

/**
 * The rules. Sources: LinuxServer's s6-overlay init drops privileges with `s6-applyuidgid`, which
 * fails with "Operation not permitted" when the pod's securityContext forbids setuid/setgid
 * (runAsNonRoot or dropped SETUID/SETGID capabilities); .NET's UnauthorizedAccessException text
 * "Access to the path '…' is denied" (Sonarr/Radarr/Prowlarr) and POSIX EACCES "Permission
 * denied" on the /config or /data mounts (PUID/PGID vs NFS export ownership); SQLite's
 * SQLITE_BUSY "database is locked" (a *arr database on NFS or two writers); the qBittorrent
 * LinuxServer image prints a temporary WebUI password on a first start without one; Jellyfin
 * logs transcoder failures as "FFmpeg exited with code …" and from its MediaEncoder.
 */
export const HIGHLIGHT_RULES: readonly HighlightRule[] = [
  {
    id: "s6-uidgid",
    title: "s6 could not switch user",
    hint: "LinuxServer's init (s6-applyuidgid) needs to start as root and drop to PUID/PGID; check the pod's securityContext (runAsUser, capabilities).",
    severity: "error",
    pattern:
      /s6-applyuidgid|s6-[\w-]+: (?:fatal|warning): .*Operation not permitted|\bOperation not permitted\b/i,
  },
  {
    id: "permission-denied",
    title: "Permission denied on a volume",
    hint: "The app cannot write to /config or /data: PUID/PGID must own the files on the volume (NFS export ownership, Longhorn volume permissions).",
    severity: "error",
    pattern:
      /Access to the path ['"]?\/(?:config|data)\b[^'"]*['"]? is denied|(?:permission denied|EACCES)[^\n]*\/(?:config|data)\b|\/(?:config|data)\b[^\n]*(?:permission denied|EACCES)/i,
  },
  {
    id: "database-locked",
    title: "Database is locked",
    hint: "SQLite could not get its lock: usually the app's database on NFS, or a second instance. Keep /config on the Longhorn claim and one replica.",
    severity: "warning",
    pattern: /database is locked|SQLITE_BUSY/i,
  },
  {
    id: "qbittorrent-temp-password",
    title: "qBittorrent temporary password",
    hint: "No WebUI password is set, so qBittorrent made one for this session. The dashboard hides it; sign in with it and set a password in Options → WebUI. To read it:",
    kubectlHint: true,
    severity: "info",
    pattern: /temporary password is provided for this session/i,
  },
  {
    id: "ffmpeg-error",
    title: "FFmpeg error",
    hint: "Jellyfin's transcoder failed: check hardware acceleration settings, the codec, and that /data is readable.",
    severity: "error",
    pattern:
      /FFmpeg exited with code [1-9]|\[(?:ERR|FTL)\][^\n]*ffmpeg|ffmpeg[^\n]*\b(?:error|failed)\b/i,
  },
];

const BY_ID = new Map(HIGHLIGHT_RULES.map((r) => [r.id, r]));

/** The rule for an id (all ids are known: the union above). */
export function highlightRule(id: HighlightId): HighlightRule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`unknown highlight ${id}`);
  return rule;
}

/**
 * The command that prints a container's log as the API server has it (e.g. the secret the
 * dashboard masks): `kubectl -n <namespace> logs <pod> -c <container>`, with `--previous` for the
 * instance before the last restart.
 * @see https://kubernetes.io/docs/reference/kubectl/generated/kubectl_logs/
 */
export function kubectlLogsCommand(t: {
  namespace: string;
  pod: string;
  container: string;
  previous?: boolean;
}): string {
  return `kubectl -n ${t.namespace} logs ${t.pod} -c ${t.container}${t.previous ? " --previous" : ""}`;
}

/** The first rule a line matches, or undefined. */
export function highlightOf(text: string): HighlightId | undefined {
  for (const r of HIGHLIGHT_RULES) if (r.pattern.test(text)) return r.id;
  return undefined;
}

export interface HighlightSummaryItem {
  id: HighlightId;
  count: number;
  /** Line number (LogLine.n) of the latest match, to jump to. */
  lastN: number;
}

/** Counts highlighted lines per rule, in rule order (errors first as listed). */
export function summariseHighlights(
  lines: readonly { n: number; h?: HighlightId }[],
): HighlightSummaryItem[] {
  const acc = new Map<HighlightId, HighlightSummaryItem>();
  for (const l of lines) {
    if (!l.h) continue;
    const item = acc.get(l.h);
    if (item) {
      item.count++;
      item.lastN = l.n;
    } else acc.set(l.h, { id: l.h, count: 1, lastN: l.n });
  }
  return HIGHLIGHT_RULES.flatMap((r) => {
    const item = acc.get(r.id);
    return item ? [item] : [];
  });
}
