/**
 * The one command the hardlink audit runs inside a pod. It is fixed here, built from constants,
 * and executed as `sh -c SCRIPT NAME MOUNT`: nothing a user types ever reaches its argv.
 *
 * The script (POSIX sh: BusyBox ash and Debian dash both run it):
 *  1. prints `MARK pid N`, the pid of the `find` that follows (the shell `exec`s into it), so a
 *     cancelled or timed-out audit can end it with a second fixed exec (`killCommand`);
 *  2. runs `find ROOTS -type f -exec sh -c 'stat …; printf batch' …  {} +`: many files per `stat`
 *     call, and after each batch a line `MARK batch COUNT STATUS` with the number of names the
 *     batch was given and stat's exit status;
 *  3. prints the trailer `MARK end STATUS` with find's exit status.
 * The report is complete only when the trailer arrived last and the batches' counts match the
 * records and per-file errors received (F12: an exit status alone is no proof of full output).
 *
 * Record format (BusyBox and GNU `stat -c` both): mark, `%d` device, `%i` inode, `%h` links,
 * `%s` apparent size, `%b` allocated blocks, `%B` bytes per block, `%n` name. The name comes last
 * so spaces need no quoting; each record starts with a control character (ASCII unit separator)
 * so a name that contains a newline shows up as a continuation line instead of a broken record.
 * @see https://man7.org/linux/man-pages/man1/stat.1.html
 */

/** Starts every record and control line printed by the audit (ASCII 0x1F, "unit separator"). */
export const RECORD_MARK = "\u001f";

/**
 * The stat format both BusyBox and GNU coreutils accept: mark, device, inode, links, apparent
 * size, allocated blocks, bytes per block, name. The audit and the import-pair stat share it.
 */
export const STAT_FORMAT = `${RECORD_MARK}%d %i %h %s %b %B %n`;

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

/** Run by find for each batch: $0 is the stat format, "$@" the names. */
const BATCH_SCRIPT = `stat -c "$0" "$@"; printf '\\037batch %s %s\\n' $# $?`;

/**
 * The audit script. Torrents come first so that every torrent file is known before the first
 * media file arrives (the report does not depend on that order, but its memory is smaller).
 */
const AUDIT_SCRIPT = [
  'm="$1"',
  `sh -c 'printf "\\037pid %s\\n" $$; exec "$@"' arr-find find "$m/torrents" "$m/media" -type f -exec sh -c "$2" "$3" {} +`,
  "rc=$?",
  `printf '\\037end %s\\n' "$rc"`,
].join("\n");

/** argv of the audit: `sh -c SCRIPT arr-hardlink-audit MOUNT BATCH_SCRIPT STAT_FORMAT`. */
export function hardlinkAuditCommand(mountPath: string): string[] {
  auditRoots(mountPath);
  return ["sh", "-c", AUDIT_SCRIPT, "arr-hardlink-audit", mountPath, BATCH_SCRIPT, STAT_FORMAT];
}

/**
 * argv that ends a process the audit or the NFS probe reported (`pid N`) and says whether it is
 * gone: prints `gone` or `alive` after SIGTERM, a short wait, and SIGKILL. Only a positive
 * integer is accepted; the argv is otherwise fixed.
 */
export function killCommand(pid: number): string[] {
  if (!Number.isSafeInteger(pid) || pid < 2 || pid > 4_194_304)
    throw new Error(`refusing to kill pid ${JSON.stringify(pid)}`);
  return ["sh", "-c", KILL_SCRIPT, "arr-kill", String(pid)];
}

const KILL_SCRIPT = [
  'p="$1"',
  'kill -TERM "$p" 2>/dev/null',
  "i=0",
  'while [ $i -lt 10 ] && kill -0 "$p" 2>/dev/null; do sleep 0.2 2>/dev/null || sleep 1; i=$((i+1)); done',
  'kill -KILL "$p" 2>/dev/null',
  "sleep 0.2 2>/dev/null || sleep 1",
  'if kill -0 "$p" 2>/dev/null && ! grep -q "^State:.*Z" "/proc/$p/status" 2>/dev/null; then echo alive; else echo gone; fi',
].join("\n");
