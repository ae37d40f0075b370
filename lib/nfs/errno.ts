/**
 * Classes of the errors `find`, `stat`, `ln` and `mktemp` print (BusyBox and GNU word them the
 * same: both print strerror(3)), each with a remedy. Used to group per-file failures of the
 * hardlink audit and the NFS probe by cause instead of listing raw lines.
 * @see https://man7.org/linux/man-pages/man3/errno.3.html
 */

export type ErrnoClass =
  | "stale"
  | "permission"
  | "io"
  | "not-directory"
  | "missing"
  | "cross-device"
  | "not-supported"
  | "read-only"
  | "no-space"
  | "loop"
  | "timeout"
  | "other";

interface ClassInfo {
  errno: string;
  label: string;
  remedy: string;
}

/** What each class means and what to do about it. */
export const ERRNO_CLASSES: Readonly<Record<ErrnoClass, ClassInfo>> = {
  stale: {
    errno: "ESTALE",
    label: "stale NFS file handle",
    remedy:
      "the mount no longer matches the server's export: restart the pod to remount; if it recurs, check the export's fsid and whether the NFS server restarted or the export was replaced",
  },
  permission: {
    errno: "EACCES/EPERM",
    label: "permission denied",
    remedy:
      "the files' owner or mode (or the export's root_squash/all_squash) shuts this identity out: chown/chmod them to the app's PUID/PGID",
  },
  io: {
    errno: "EIO",
    label: "I/O error",
    remedy: "the NFS server or its disk failed the read: check the server's logs and its health",
  },
  "not-directory": {
    errno: "ENOTDIR",
    label: "not a directory",
    remedy: "a path the stack expects to be a directory is a file: rename or move it",
  },
  missing: {
    errno: "ENOENT",
    label: "no such file or directory",
    remedy:
      "the path is missing (or vanished while it was read): create the folder, or re-run if files were moving",
  },
  "cross-device": {
    errno: "EXDEV",
    label: "cross-device link",
    remedy:
      "torrents/ and media/ are separate mounts: mount the claim once at its root (no subPath mounts below it) so both folders are on one mount",
  },
  "not-supported": {
    errno: "ENOTSUP/EOPNOTSUPP",
    label: "operation not supported",
    remedy: "the file system or export does not support hard links: use one that does",
  },
  "read-only": {
    errno: "EROFS",
    label: "read-only file system",
    remedy: "the volume is mounted read-only: remove readOnly from the mount or the export",
  },
  "no-space": {
    errno: "ENOSPC/EDQUOT",
    label: "no space left",
    remedy: "the volume or quota is full: free space",
  },
  loop: {
    errno: "ELOOP",
    label: "too many levels of symbolic links",
    remedy: "a symlink loop: remove the looping link",
  },
  timeout: {
    errno: "ETIMEDOUT",
    label: "timed out",
    remedy: "the NFS server did not answer: check the network and the server",
  },
  other: { errno: "?", label: "other error", remedy: "see the message" },
};

const PATTERNS: readonly [RegExp, ErrnoClass][] = [
  [/stale (nfs )?file handle/i, "stale"],
  [/permission denied|operation not permitted/i, "permission"],
  [/input\/output error|\bI\/O error/i, "io"],
  [/not a directory/i, "not-directory"],
  [/no such file or directory/i, "missing"],
  [/cross-device link|invalid cross-device/i, "cross-device"],
  [/operation not supported|not supported/i, "not-supported"],
  [/read-only file system/i, "read-only"],
  [/no space left|disk quota exceeded/i, "no-space"],
  [/too many levels of symbolic links/i, "loop"],
  [/timed out/i, "timeout"],
];

/** The class of an error message (the strerror text anywhere in it), "other" when unknown. */
export function classifyError(message: string): ErrnoClass {
  for (const [re, cls] of PATTERNS) if (re.test(message)) return cls;
  return "other";
}

export interface ErrorGroup {
  cls: ErrnoClass;
  errno: string;
  label: string;
  remedy: string;
  count: number;
  /** A few example paths or lines. */
  examples: string[];
}

/** Groups messages by class (most frequent first), with counts, a remedy and up to 3 examples. */
export class ErrorGroups {
  private readonly groups = new Map<ErrnoClass, ErrorGroup>();
  constructor(private readonly maxExamples = 3) {}

  add(message: string, example: string = message): ErrnoClass {
    const cls = classifyError(message);
    this.addClass(cls, example);
    return cls;
  }

  addClass(cls: ErrnoClass, example: string): void {
    let g = this.groups.get(cls);
    if (!g) {
      const info = ERRNO_CLASSES[cls];
      g = { cls, ...info, count: 0, examples: [] };
      this.groups.set(cls, g);
    }
    g.count += 1;
    if (g.examples.length < this.maxExamples) g.examples.push(example.slice(0, 300));
  }

  result(): ErrorGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count);
  }
}
