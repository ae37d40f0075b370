import type { EventView } from "@/lib/cluster/types";

/** Warning events that explain a pod stuck before its containers start. */
const VOLUME_FAILURE_REASONS: ReadonlySet<string> = new Set([
  "FailedMount",
  "FailedAttachVolume",
  "FailedMapVolume",
]);

/** What one volume failure event says, read from the kubelet's multi-line message. */
export interface MountFailure {
  event: EventView;
  /** The volume named by `for volume "…"` (or the unmounted volumes of a timeout). */
  volume?: string;
  /**
   * The helper's own words: the `Output:` line of a failed mount (`mount.nfs: access denied by
   * server while mounting 10.10.30.4:/Kubernetes/Media`), else the first `mount.<type>:` /
   * `mount error` line, else the first line of the message.
   */
  cause: string;
  /** True for the kubelet's summary timeout ("Unable to attach or mount volumes: … timed out"),
   * which repeats without saying why. */
  generic: boolean;
  /** What to check, for the outputs we recognise; undefined otherwise. */
  hint?: string;
}

/**
 * Known mount helper outputs and what each usually means on a homelab NFS setup. Ordered: the
 * first match wins.
 * @see https://man7.org/linux/man-pages/man5/nfs.5.html
 * @see https://github.com/kubernetes/kubernetes/issues/108963 (the generic event hides the cause)
 */
const HINTS: readonly { test: RegExp; hint: string }[] = [
  {
    test: /access denied by server/i,
    hint: "The NFS server refused this node: check that the export allows the node's IP (the NAS's NFS permissions or /etc/exports) and that the path is exported.",
  },
  {
    test: /protocol not supported|requested NFS version or transport protocol is not supported/i,
    hint: "NFS version mismatch: enable the requested NFS version on the server, or set the PV's mountOptions (nfsvers=4.1 or nfsvers=3) to one it offers.",
  },
  {
    test: /no such file or directory/i,
    hint: "The exported path does not exist on the server: check the PV's nfs.path (it is case-sensitive) against the server's exports.",
  },
  {
    test: /timed out|no route to host|network is unreachable/i,
    hint: "The node cannot reach the NFS server: check the server address in the PV, that the server is up, and that TCP 2049 (and 111 for NFSv3) is open from the node.",
  },
  {
    test: /connection refused/i,
    hint: "The server answered but no NFS service listens: start the NFS service on the server or check the port.",
  },
  {
    test: /bad option;.*helper program|wrong fs type/i,
    hint: "The node lacks the NFS mount helper: install nfs-common (Debian/Ubuntu) or nfs-utils on the node.",
  },
  {
    test: /operation not permitted/i,
    hint: "The server rejected the mount: with NFSv4 check the export's root squash and that it allows the client's source port ('insecure' on Linux servers).",
  },
  {
    test: /stale file handle/i,
    hint: "The export changed under a mount (recreated or moved): re-export the path and restart the pod.",
  },
];

const GENERIC =
  /^Unable to (attach or )?mount volumes|timed out waiting for the condition|context deadline exceeded/i;

/**
 * Reads a FailedMount / FailedAttachVolume / FailedMapVolume message: the cause is the helper's
 * output line (the kubelet puts it last, after `Mounting command:` and `Mounting arguments:`),
 * the summary timeout is marked generic.
 * @see ../shared/reference/field-failures.md F7
 */
export function readMountFailure(event: EventView): MountFailure {
  const msg = event.message;
  const lines = msg
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const output = lines.find((l) => /^Output:/i.test(l))?.replace(/^Output:\s*/i, "");
  const helper = lines.find((l) => /^mount(\.\w+)?(:| error)/i.test(l));
  const cause = (output || helper || lines[0] || msg).replace(/\s+/g, " ").trim();
  const volume =
    /for volume "([^"]+)"/.exec(msg)?.[1] ?? /unmounted volumes=\[([^\]]*)\]/.exec(msg)?.[1];
  const generic = !output && !helper && GENERIC.test(msg);
  const hint = HINTS.find((h) => h.test.test(cause))?.hint;
  return {
    event,
    ...(volume ? { volume } : {}),
    cause,
    generic,
    ...(hint && !generic ? { hint } : {}),
  };
}

/**
 * The most useful volume failure among a pod's events (newest first): the newest event that
 * says why (an `Output:`/`mount.<type>:` line or any specific error) beats a newer generic
 * timeout; the generic one is used only when nothing else was reported.
 */
export function pickMountFailure(
  podEventsNewestFirst: readonly EventView[],
): MountFailure | undefined {
  const failures = podEventsNewestFirst
    .filter((e) => e.type === "Warning" && VOLUME_FAILURE_REASONS.has(e.reason))
    .map(readMountFailure);
  return failures.find((f) => !f.generic) ?? failures[0];
}
