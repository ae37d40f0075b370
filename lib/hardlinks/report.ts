import type { AuditRoots } from "./command";
import type { ControlLine, StatRecord, ToolError, UnparsedLine } from "./parse";
import {
  ErrorGroups,
  classifyError,
  ERRNO_CLASSES,
  type ErrorGroup,
  type ErrnoClass,
} from "@/lib/nfs/errno";
import { GrowableF64, GrowableU32, InodeTable, PathArena, type PathStore } from "./store";

/**
 * The hardlink report: a pure function of the records the audit printed.
 *
 * Torrents are counted once per inode (device + inode), never per path: cross-seed links the same
 * data into several torrent folders. Each torrent inode is exactly one of
 *  - unfinished: name ends in `.!qB`, it lies in a temporary download folder, or fewer bytes are
 *    allocated than its apparent size (sparse: still downloading). Never "never imported" and
 *    never a copy candidate (qBittorrent preallocates and writes sparse files);
 *  - imported by link: a media file shares its inode;
 *  - imported by copy: a single-link media file has its exact size;
 *  - never imported (orphan); `crossSeedOnly` counts the orphans linked only inside torrents/.
 * Each media file (per path) is exactly one of
 *  - linked to a torrent: it shares its inode with a torrent file (the only proof of a hardlink
 *    import);
 *  - linked, not to a torrent: more than one link, none under torrents/ (a recycle bin, a second
 *    library folder, or a torrent already deleted);
 *  - copy: one link, and a finished torrent of the same size exists (its bytes are stored twice);
 *  - standalone: one link and no torrent of that size (added by hand; nothing to save);
 *  - could not check: unreadable or unparsable. Never counted as "not linked" (qbit_manage #1379).
 *
 * Byte measures: every `bytes` is the apparent size (st_size, what `ls -l` shows) and every
 * `allocatedBytes` the space the file system really holds (st_blocks × block size, `du`).
 * Memory: typed arrays and one path arena for the torrent inodes and the media files whose class
 * waits for the end (see store.ts); a few tens of bytes per file plus its basename.
 * @see https://trash-guides.info/File-and-Folder-Structure/Hardlinks-and-Instant-Moves/
 * @see ../shared/reference/field-failures.md F2, F3, F4, F12
 */

export type Side = "torrents" | "media";

export interface FileRef {
  path: string;
  /** Apparent size in bytes. */
  size: number;
}

export interface UnfinishedRef extends FileRef {
  allocatedBytes: number;
  why: "qbittorrent-temp-name" | "temp-folder" | "sparse";
}

export interface CannotCheckEntry {
  path?: string;
  side?: Side;
  reason: string;
  cls?: ErrnoClass;
}

/** `bytes`: apparent size (st_size); `allocatedBytes`: blocks really stored. */
export interface Tally {
  files: number;
  bytes: number;
  allocatedBytes: number;
}

/** Whether the output is known to be whole (F12): the trailer arrived last and the counts match. */
export interface AuditCompleteness {
  complete: boolean;
  /** Why not complete (absent when complete). */
  reason?: string;
  pid: number | null;
  /** find's exit status from the trailer; null when no trailer arrived. */
  exitStatus: number | null;
  /** Names the stat batches were given, and what arrived for them (records + stat errors). */
  declared: number;
  received: number;
}

/** A root (torrents/ or media/) that could not be read at all: a named failure. */
export interface RootFailure {
  side: Side;
  path: string;
  cls: ErrnoClass;
  message: string;
  remedy: string;
}

export interface HardlinkReport {
  roots: AuditRoots;
  /** Per path. */
  media: Tally & {
    /** More than one link (to a torrent or not). */
    linked: Tally;
    /** Shares its inode with a torrent file: the hardlink import worked for these. */
    linkedToTorrent: Tally;
    /** More than one link, none of them under torrents/. */
    linkedNotToTorrent: Tally;
    copies: Tally;
    standalone: Tally;
  };
  /** Per inode (a file cross-seeded into three folders counts once). */
  torrents: Tally & {
    /** Paths under torrents/ (≥ files when cross-seed links exist). */
    paths: number;
    unfinished: Tally;
    importedByLink: Tally;
    importedByCopy: Tally;
    /** Finished torrent files no media file links to or copies: never imported. */
    orphans: Tally;
    /** Orphans whose only other links are inside torrents/ (cross-seed). */
    crossSeedOnly: Tally;
  };
  /** Bytes (apparent) stored twice because media files are copies instead of hardlinks. */
  bytesWasted: number;
  cannotCheck: {
    count: number;
    entries: CannotCheckEntry[];
    truncated: boolean;
    /** The same failures grouped by cause, with a remedy each. */
    groups: ErrorGroup[];
  };
  /** Roots that could not be read at all (e.g. ESTALE on /data/media). */
  rootFailures: RootFailure[];
  /** Distinct st_dev values seen under each root; hardlinks need one device for both. */
  devices: { torrents: string[]; media: string[]; same: boolean | null };
  completeness: AuditCompleteness;
  largestCopies: FileRef[];
  largestOrphans: FileRef[];
  largestUnfinished: UnfinishedRef[];
}

export interface AccumulatorOptions {
  /** How many of the largest copies, orphans and unfinished files to keep. */
  top?: number;
  /** How many could-not-check entries to keep (all are counted). */
  maxCannotCheck?: number;
  /** Where torrent paths are kept (default: in memory; the server spills them to a file). */
  paths?: PathStore;
}

const tally = (): Tally => ({ files: 0, bytes: 0, allocatedBytes: 0 });
const add = (t: Tally, size: number, allocated: number) => {
  t.files += 1;
  t.bytes += size;
  t.allocatedBytes += allocated;
};

/** Keeps the N largest files seen, without holding all of them. */
export class TopN<T extends FileRef = FileRef> {
  private items: T[] = [];
  constructor(private readonly n: number) {}
  /** True when a file of this size would be kept (lets callers skip building the entry). */
  wants(size: number): boolean {
    if (this.n <= 0) return false;
    const last = this.items[this.n - 1];
    return this.items.length < this.n || last === undefined || size > last.size;
  }
  offer(f: T): void {
    if (this.n <= 0) return;
    if (this.items.length < this.n) {
      this.items.push(f);
      if (this.items.length === this.n) this.items.sort((a, b) => b.size - a.size);
      return;
    }
    const last = this.items[this.items.length - 1];
    if (last === undefined || f.size <= last.size) return;
    let lo = 0;
    let hi = this.items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.items[mid]?.size ?? 0) >= f.size) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, f);
    this.items.pop();
  }
  result(): T[] {
    return [...this.items].sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
  }
}

/** qBittorrent's "append .!qB extension to incomplete files". */
const QB_SUFFIX = ".!qB";
/** Folder names used for unfinished downloads (qBittorrent's temp path, common setups). */
const TEMP_FOLDERS = new Set(["incomplete", ".incomplete", "temp", ".temp", "downloading"]);
const TEMP_NAME_MIN = Math.min(...[...TEMP_FOLDERS].map((n) => n.length));
const TEMP_NAME_MAX = Math.max(...[...TEMP_FOLDERS].map((n) => n.length));
/** Allocation this far below the apparent size means holes: a download still in progress. */
const SPARSE_SLACK_BYTES = 1024 * 1024;

/**
 * Why a torrent file is unfinished, or null. `rel` is the path below torrents/.
 * Sparse: allocated more than 1 MiB and 10 % below the apparent size (file systems that compress
 * video rarely save that much; small files are never called sparse).
 */
export function unfinishedReason(
  rel: string,
  size: number,
  allocated: number,
): UnfinishedRef["why"] | null {
  if (rel.endsWith(QB_SUFFIX)) return "qbittorrent-temp-name";
  // Folder names only (not the file's own name); no array per file: this runs once per torrent.
  for (let from = 0, slash = rel.indexOf("/"); slash !== -1; slash = rel.indexOf("/", from)) {
    const len = slash - from;
    if (
      len >= TEMP_NAME_MIN &&
      len <= TEMP_NAME_MAX &&
      TEMP_FOLDERS.has(rel.slice(from, slash).toLowerCase())
    )
      return "temp-folder";
    from = slash + 1;
  }
  if (size - allocated > SPARSE_SLACK_BYTES && allocated < size * 0.9) return "sparse";
  return null;
}

const WHY: readonly UnfinishedRef["why"][] = ["qbittorrent-temp-name", "temp-folder", "sparse"];
// A torrent row's meta word: flags in the low byte, the device index above.
const F_UNFINISHED = 1;
const F_LINKED = 2;
/** Seen at more than one path under torrents/ (cross-seed). */
const F_MULTI = 4;
const WHY_SHIFT = 3;
/** On the liveSizes row of a size: some single-link media file has that size. */
const F_COPIED = 32;
const DEV_SHIFT = 8;

/**
 * Builds the report record by record, in bounded memory (see store.ts): one row of typed arrays
 * per torrent inode and per media file whose class must wait for the end.
 */
export class HardlinkAccumulator {
  private readonly top: number;
  private readonly maxCannotCheck: number;
  private readonly devIndex = new Map<string, number>();
  private readonly devNames: string[] = [];
  // Torrent inodes (rows).
  private readonly tIno = new GrowableF64();
  private readonly tSize = new GrowableF64();
  private readonly tAlloc = new GrowableF64();
  /** Flags, unfinished reason and device index (see F_* and *_SHIFT). */
  private readonly tFlags = new GrowableU32();
  private readonly tTable = new InodeTable(
    (r) => this.tFlags.get(r) >>> DEV_SHIFT,
    (r) => this.tIno.get(r),
  );
  /** Path of each torrent row (ids equal rows). */
  private readonly torrentPaths: PathStore;
  /** Sizes of the finished torrent inodes seen so far: a copy is named as it streams by (find
   * prints all of torrents/ first) instead of keeping every media path until the end. Counts are
   * settled in finish() whatever the order; only the names of copies whose torrent came later
   * than they did would be missing from the list. */
  private readonly liveSizes = new InodeTable(
    () => 0,
    (r) => this.tSize.get(r),
  );
  // Media files linked more than once whose inode was not (yet) among the torrents.
  private readonly mDev = new GrowableU32();
  private readonly mIno = new GrowableF64();
  private readonly mSize = new GrowableF64();
  private readonly mAlloc = new GrowableF64();
  // Single-link media files (copy or standalone: resolved at the end against the torrent sizes).
  private readonly sSize = new GrowableF64();
  private readonly sAlloc = new GrowableF64();
  /** The largest copies seen while streaming (named when they stream by). */
  private readonly liveCopies: TopN;
  private torrentPathCount = 0;
  private readonly mediaTotal = tally();
  private readonly linked = tally();
  private readonly torrentDevs = new Set<string>();
  private readonly mediaDevs = new Set<string>();
  private cannotCheckCount = 0;
  private readonly cannotCheck: CannotCheckEntry[] = [];
  private readonly groups = new ErrorGroups();
  private readonly rootFailures: RootFailure[] = [];
  // Completeness (F12).
  private pid: number | null = null;
  private declared = 0;
  private statErrors = 0;
  private records = 0;
  private endStatus: number | null = null;
  private afterEnd = false;
  private torrentFiles = 0;
  private torrentBytes = 0;

  constructor(
    readonly roots: AuditRoots,
    options: AccumulatorOptions = {},
  ) {
    this.top = options.top ?? 20;
    this.maxCannotCheck = options.maxCannotCheck ?? 200;
    this.liveCopies = new TopN(this.top);
    this.torrentPaths = options.paths ?? new PathArena();
  }

  /** Files and bytes (apparent) seen so far, for progress. */
  get progress(): { files: number; bytes: number; cannotCheck: number } {
    return {
      files: this.torrentFiles + this.mediaTotal.files,
      bytes: this.torrentBytes + this.mediaTotal.bytes,
      cannotCheck: this.cannotCheckCount,
    };
  }

  /** The pid the audit printed first (its `find`), once known. */
  get remotePid(): number | null {
    return this.pid;
  }

  sideOf(path: string): Side | undefined {
    if (path.startsWith(`${this.roots.torrents}/`)) return "torrents";
    if (path.startsWith(`${this.roots.media}/`)) return "media";
    return undefined;
  }

  private dev(name: string): number {
    let d = this.devIndex.get(name);
    if (d === undefined) {
      d = this.devNames.length;
      this.devNames.push(name);
      this.devIndex.set(name, d);
    }
    return d;
  }

  control(c: ControlLine): void {
    if (this.endStatus !== null) this.afterEnd = true;
    if (c.kind === "pid") this.pid ??= c.pid;
    else if (c.kind === "batch") this.declared += c.count;
    else this.endStatus = c.status;
  }

  record(r: StatRecord): void {
    this.records += 1;
    if (this.endStatus !== null) this.afterEnd = true;
    const side = this.sideOf(r.path);
    if (side === "torrents") this.torrent(r);
    else if (side === "media") this.media(r);
    else this.unreadable({ path: r.path, reason: "path outside the audited trees" });
  }

  private torrent(r: StatRecord): void {
    this.torrentPathCount += 1;
    this.torrentDevs.add(r.dev);
    const dev = this.dev(r.dev);
    const ino = inodeKey(r.ino);
    const row = this.tTable.find(dev, ino);
    if (row !== -1) {
      this.tFlags.set(row, this.tFlags.get(row) | F_MULTI);
      return;
    }
    const why = unfinishedReason(r.path.slice(this.roots.torrents.length + 1), r.size, r.allocated);
    const n = this.tFlags.push(
      (dev << DEV_SHIFT) | (why ? F_UNFINISHED | (WHY.indexOf(why) << WHY_SHIFT) : 0),
    );
    this.tIno.push(typeof ino === "number" ? ino : NaN);
    this.tSize.push(r.size);
    this.tAlloc.push(r.allocated);
    this.torrentPaths.add(r.path);
    this.tTable.insert(dev, ino, n);
    // A row per distinct finished size (4 bytes a slot; the row's tSize is the key).
    if (!why && this.liveSizes.find(0, r.size) === -1) this.liveSizes.insert(0, r.size, n);
    this.torrentFiles += 1;
    this.torrentBytes += r.size;
  }

  private media(r: StatRecord): void {
    add(this.mediaTotal, r.size, r.allocated);
    this.mediaDevs.add(r.dev);
    if (r.nlink > 1) {
      add(this.linked, r.size, r.allocated);
      const ino = inodeKey(r.ino);
      const dev = this.dev(r.dev);
      // Torrents come first from find: most links resolve now and need no memory.
      const row = this.tTable.find(dev, ino);
      if (row !== -1) {
        add(this.linkedToTorrentLive, r.size, r.allocated);
        this.tFlags.set(row, this.tFlags.get(row) | F_LINKED);
        return;
      }
      this.mDev.push(dev);
      this.mIno.push(typeof ino === "number" ? ino : NaN);
      this.mSize.push(r.size);
      this.mAlloc.push(r.allocated);
      if (typeof ino === "string") this.bigMediaInodes.set(this.mDev.length - 1, ino);
    } else {
      this.sSize.push(r.size);
      this.sAlloc.push(r.allocated);
      if (this.liveCopies.wants(r.size) && this.liveSizes.find(0, r.size) !== -1)
        this.liveCopies.offer({ path: r.path, size: r.size });
    }
  }

  private readonly bigMediaInodes = new Map<number, string>();
  private readonly linkedToTorrentLive = tally();

  unparsed(u: UnparsedLine): void {
    this.unreadable({ path: u.path, reason: `${u.reason}: ${u.text}` });
  }

  toolError(e: ToolError): void {
    // stderr is its own stream: its lines may arrive after stdout's trailer.
    if (e.tool === "stat") this.statErrors += 1;
    const cls = classifyError(e.message);
    const side = e.path === undefined ? undefined : rootSide(e.path, this.roots);
    if (side && e.path !== undefined)
      this.rootFailures.push({
        side,
        path: e.path,
        cls,
        message: e.message,
        remedy: ERRNO_CLASSES[cls].remedy,
      });
    this.unreadable(
      { path: e.path, reason: e.tool ? `${e.tool}: ${e.message}` : e.message },
      e.message,
    );
  }

  private unreadable(entry: { path?: string; reason: string }, message?: string): void {
    this.cannotCheckCount += 1;
    const cls = message === undefined ? "other" : classifyError(message);
    this.groups.addClass(cls, entry.path ?? entry.reason);
    if (this.cannotCheck.length >= this.maxCannotCheck) return;
    const side =
      entry.path === undefined
        ? undefined
        : (this.sideOf(entry.path) ?? rootSide(entry.path, this.roots));
    this.cannotCheck.push({ ...entry, cls, ...(side ? { side } : {}) });
  }

  /** Whether the output is whole: trailer last, and every stat batch's names accounted for. */
  completeness(): AuditCompleteness {
    const received = this.records + this.statErrors;
    const base = {
      pid: this.pid,
      exitStatus: this.endStatus,
      declared: this.declared,
      received,
    };
    if (this.endStatus === null)
      return { ...base, complete: false, reason: "the output ended without its trailer" };
    if (this.afterEnd)
      return { ...base, complete: false, reason: "output arrived after the trailer" };
    if (received !== this.declared)
      return {
        ...base,
        complete: false,
        reason: `the stat batches named ${this.declared} files but ${received} records and errors arrived`,
      };
    if (this.endStatus !== 0 && this.endStatus !== 1)
      return { ...base, complete: false, reason: `find exited with status ${this.endStatus}` };
    return { ...base, complete: true };
  }

  /** The kept torrent rows with their paths read back, largest first (ties by path). */
  private namedRows<T extends FileRef & { row: number }>(top: TopN<T>): T[] {
    return top
      .result()
      .map((f) => ({ ...f, path: this.torrentPaths.get(f.row) }))
      .sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
  }

  finish(): HardlinkReport {
    // A single-link media file of a finished torrent's size is a copy; the size's row in
    // liveSizes (every finished torrent size, whatever the order of the output) is marked copied.
    const copies = tally();
    const largestCopies = this.liveCopies;
    const standalone = tally();
    for (let i = 0; i < this.sSize.length; i++) {
      const size = this.sSize.get(i);
      const alloc = this.sAlloc.get(i);
      const row = this.liveSizes.find(0, size);
      if (row !== -1) {
        add(copies, size, alloc);
        this.tFlags.set(row, this.tFlags.get(row) | F_COPIED);
      } else add(standalone, size, alloc);
    }
    const wasCopied = (size: number) => {
      const row = this.liveSizes.find(0, size);
      return row !== -1 && (this.tFlags.get(row) & F_COPIED) !== 0;
    };
    const linkedToTorrent = { ...this.linkedToTorrentLive };
    const linkedNotToTorrent = tally();
    // Media links whose torrent had not arrived yet (or that link elsewhere).
    for (let i = 0; i < this.mDev.length; i++) {
      const big = this.bigMediaInodes.get(i);
      const row = this.tTable.find(this.mDev.get(i), big ?? this.mIno.get(i));
      if (row !== -1) {
        add(linkedToTorrent, this.mSize.get(i), this.mAlloc.get(i));
        this.tFlags.set(row, this.tFlags.get(row) | F_LINKED);
      } else add(linkedNotToTorrent, this.mSize.get(i), this.mAlloc.get(i));
    }

    const all = tally();
    const unfinished = tally();
    const importedByLink = tally();
    const importedByCopy = tally();
    const orphans = tally();
    const crossSeedOnly = tally();
    const largestOrphans = new TopN<FileRef & { row: number }>(this.top);
    const largestUnfinished = new TopN<UnfinishedRef & { row: number }>(this.top);
    for (let row = 0; row < this.tFlags.length; row++) {
      const size = this.tSize.get(row);
      const alloc = this.tAlloc.get(row);
      const flags = this.tFlags.get(row);
      add(all, size, alloc);
      if (flags & F_UNFINISHED) {
        add(unfinished, size, alloc);
        // Paths are read back only for the few kept (see namedRows below).
        if (largestUnfinished.wants(size))
          largestUnfinished.offer({
            path: "",
            row,
            size,
            allocatedBytes: alloc,
            why: WHY[(flags >>> WHY_SHIFT) & 3] ?? "sparse",
          });
      } else if (flags & F_LINKED) add(importedByLink, size, alloc);
      else if (wasCopied(size)) add(importedByCopy, size, alloc);
      else {
        add(orphans, size, alloc);
        if (flags & F_MULTI) add(crossSeedOnly, size, alloc);
        if (largestOrphans.wants(size)) largestOrphans.offer({ path: "", row, size });
      }
    }
    const torrents = [...this.torrentDevs].sort();
    const media = [...this.mediaDevs].sort();
    const same =
      torrents.length === 0 || media.length === 0
        ? null
        : torrents.some((d) => this.mediaDevs.has(d));
    return {
      roots: this.roots,
      media: {
        ...this.mediaTotal,
        linked: { ...this.linked },
        linkedToTorrent,
        linkedNotToTorrent,
        copies,
        standalone,
      },
      torrents: {
        ...all,
        paths: this.torrentPathCount,
        unfinished,
        importedByLink,
        importedByCopy,
        orphans,
        crossSeedOnly,
      },
      bytesWasted: copies.bytes,
      cannotCheck: {
        count: this.cannotCheckCount,
        entries: this.cannotCheck,
        truncated: this.cannotCheckCount > this.cannotCheck.length,
        groups: this.groups.result(),
      },
      rootFailures: this.rootFailures,
      devices: { torrents, media, same },
      completeness: this.completeness(),
      largestCopies: largestCopies.result(),
      largestOrphans: this.namedRows(largestOrphans).map(({ path, size }) => ({ path, size })),
      largestUnfinished: this.namedRows(largestUnfinished).map(({ row: _row, ...u }) => u),
    };
  }
}

/** An inode number as a key: a number when exact (cheap), else the decimal string. */
function inodeKey(ino: string): number | string {
  const n = Number(ino);
  return Number.isSafeInteger(n) ? n : ino;
}

/** The root itself (e.g. an unreadable /data/media) belongs to its side too. */
function rootSide(path: string, roots: AuditRoots): Side | undefined {
  const p = path.replace(/\/+$/, "");
  if (p === roots.torrents) return "torrents";
  if (p === roots.media) return "media";
  return undefined;
}
