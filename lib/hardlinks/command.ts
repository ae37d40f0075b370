/**
 * The one command the hardlink audit runs inside a pod. It is fixed here, built from constants,
 * and executed without a shell: nothing a user types ever reaches its argv.
 *
 * `find ROOTS -type f -exec stat -c FORMAT {} +` batches many files into each `stat` call, so a
 * tree of 100 000 files costs a handful of processes and one exec stream, not 100 000 round trips.
 * BusyBox (LinuxServer images, Alpine) and GNU (Jellyfin, Debian) both understand every piece:
 * `-exec … {} +`, and stat's `%d` (device, decimal), `%i` (inode), `%h` (link count), `%s` (size)
 * and `%n` (name). The name comes last so spaces need no quoting; each record starts with a
 * control character (ASCII unit separator) so a name that contains a newline shows up as a
 * continuation line instead of a broken record.
 */

/** Starts every record printed by stat (ASCII 0x1F, "unit separator"). */
export const RECORD_MARK = "\u001f";

/** The stat format both BusyBox and GNU coreutils accept: mark, device, inode, links, size, name. */
export const STAT_FORMAT = `${RECORD_MARK}%d %i %h %s %n`;

const SAFE_MOUNT_PATH = /^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export interface AuditRoots {
  torrents: string;
  media: string;
}

/** The two trees under the shared claim that the audit compares, e.g. /data/torrents and /data/media. */
export function auditRoots(mountPath: string): AuditRoots {
  if (!SAFE_MOUNT_PATH.test(mountPath)) {
    throw new Error(
      `refusing to build the audit command for mount path ${JSON.stringify(mountPath)}`,
    );
  }
  return { torrents: `${mountPath}/torrents`, media: `${mountPath}/media` };
}

/**
 * argv of the audit. Torrents come first so that, in the usual case, every torrent file is known
 * before the first media file arrives (the report does not depend on that order).
 */
export function hardlinkAuditCommand(mountPath: string): string[] {
  const roots = auditRoots(mountPath);
  return [
    "find",
    roots.torrents,
    roots.media,
    "-type",
    "f",
    "-exec",
    "stat",
    "-c",
    STAT_FORMAT,
    "{}",
    "+",
  ];
}
