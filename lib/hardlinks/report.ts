import type { AuditRoots } from "./command";
import type { StatRecord, ToolError, UnparsedLine } from "./parse";

/**
 * The hardlink report: a pure function of the records the audit printed. Classification of
 * every file under media/ is tri-state plus one neutral case:
 *  - linked: it shares device and inode with a file under torrents/, or has more than one link;
 *  - copy: one link, and a torrent file of the same size exists (its bytes are stored twice);
 *  - standalone: one link and no torrent of that size (added by hand; nothing to save);
 *  - could not check: unreadable or unparsable. Never counted as "not linked" (qbit_manage #1379).
 * @see https://trash-guides.info/File-and-Folder-Structure/Hardlinks-and-Instant-Moves/
 */

export type Side = "torrents" | "media";

export interface FileRef {
  path: string;
  size: number;
}

export interface CannotCheckEntry {
  path?: string;
  side?: Side;
  reason: string;
}

export interface Tally {
  files: number;
  bytes: number;
}

export interface HardlinkReport {
  roots: AuditRoots;
  media: Tally & {
    linked: Tally;
    /** Linked files whose inode was also found under torrents/ (the rest link elsewhere). */
    linkedToTorrent: Tally;
    copies: Tally;
    standalone: Tally;
  };
  torrents: Tally & {
    /** Torrent files no media file links to or copies: never imported. */
    orphans: Tally;
  };
  /** Bytes stored twice because media files are copies instead of hardlinks. */
  bytesWasted: number;
  cannotCheck: { count: number; entries: CannotCheckEntry[]; truncated: boolean };
  /** Distinct st_dev values seen under each root; hardlinks need one device for both. */
  devices: { torrents: string[]; media: string[]; same: boolean | null };
  largestCopies: FileRef[];
  largestOrphans: FileRef[];
}

export interface AccumulatorOptions {
  /** How many of the largest copies and orphans to keep. */
  top?: number;
  /** How many could-not-check entries to keep (all are counted). */
  maxCannotCheck?: number;
}

interface TorrentInode {
  size: number;
  /** One path per inode is enough to name it in the report. */
  path: string;
}

const tally = (): Tally => ({ files: 0, bytes: 0 });
const add = (t: Tally, size: number) => {
  t.files += 1;
  t.bytes += size;
};

/** Keeps the N largest files seen, without holding all of them. */
export class TopN {
  private items: FileRef[] = [];
  constructor(private readonly n: number) {}
  offer(f: FileRef): void {
    if (this.n <= 0) return;
    if (this.items.length < this.n) {
      this.items.push(f);
      if (this.items.length === this.n) this.items.sort((a, b) => b.size - a.size);
      return;
    }
    const last = this.items[this.items.length - 1];
    if (last === undefined || f.size <= last.size) return;
    // Insert in order (n is small): binary search for the slot.
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
  result(): FileRef[] {
    return [...this.items].sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
  }
}

/**
 * Builds the report record by record. Memory is one small entry per torrent inode and per
 * single-link media file (their class needs every torrent known first), never the raw output.
 */
export class HardlinkAccumulator {
  private readonly top: number;
  private readonly maxCannotCheck: number;
  /** Torrent files by device, then inode (numeric keys where the inode fits: far fewer strings). */
  private readonly torrentInodes = new Map<string, Map<number | string, TorrentInode>>();
  private readonly torrentSizes = new Map<number, number>();
  private readonly mediaInodes = new Map<string, Set<number | string>>();
  /** Single-link media files, classified as copy or standalone once all torrents are known. */
  private readonly mediaSingles: FileRef[] = [];
  private readonly torrentTotal = tally();
  private readonly mediaTotal = tally();
  private readonly linked = tally();
  private readonly linkedToTorrent = tally();
  private readonly torrentDevs = new Set<string>();
  private readonly mediaDevs = new Set<string>();
  private readonly linkedMedia: { dev: string; ino: number | string; size: number }[] = [];
  private cannotCheckCount = 0;
  private readonly cannotCheck: CannotCheckEntry[] = [];

  constructor(
    readonly roots: AuditRoots,
    options: AccumulatorOptions = {},
  ) {
    this.top = options.top ?? 20;
    this.maxCannotCheck = options.maxCannotCheck ?? 200;
  }

  /** Files and bytes seen so far, for progress. */
  get progress(): { files: number; bytes: number; cannotCheck: number } {
    return {
      files: this.torrentTotal.files + this.mediaTotal.files,
      bytes: this.torrentTotal.bytes + this.mediaTotal.bytes,
      cannotCheck: this.cannotCheckCount,
    };
  }

  sideOf(path: string): Side | undefined {
    if (path.startsWith(`${this.roots.torrents}/`)) return "torrents";
    if (path.startsWith(`${this.roots.media}/`)) return "media";
    return undefined;
  }

  record(r: StatRecord): void {
    const side = this.sideOf(r.path);
    const ino = inodeKey(r.ino);
    if (side === "torrents") {
      add(this.torrentTotal, r.size);
      this.torrentDevs.add(r.dev);
      let byIno = this.torrentInodes.get(r.dev);
      if (!byIno) this.torrentInodes.set(r.dev, (byIno = new Map()));
      if (!byIno.has(ino)) {
        byIno.set(ino, { size: r.size, path: r.path });
        this.torrentSizes.set(r.size, (this.torrentSizes.get(r.size) ?? 0) + 1);
      }
    } else if (side === "media") {
      add(this.mediaTotal, r.size);
      this.mediaDevs.add(r.dev);
      if (r.nlink > 1) {
        add(this.linked, r.size);
        let set = this.mediaInodes.get(r.dev);
        if (!set) this.mediaInodes.set(r.dev, (set = new Set()));
        set.add(ino);
        this.linkedMedia.push({ dev: r.dev, ino, size: r.size });
      } else {
        this.mediaSingles.push({ path: r.path, size: r.size });
      }
    } else {
      this.unreadable({ path: r.path, reason: "path outside the audited trees" });
    }
  }

  unparsed(u: UnparsedLine): void {
    this.unreadable({ path: u.path, reason: `${u.reason}: ${u.text}` });
  }

  toolError(e: ToolError): void {
    this.unreadable({ path: e.path, reason: e.tool ? `${e.tool}: ${e.message}` : e.message });
  }

  private unreadable(entry: { path?: string; reason: string }): void {
    this.cannotCheckCount += 1;
    if (this.cannotCheck.length >= this.maxCannotCheck) return;
    const side =
      entry.path === undefined
        ? undefined
        : (this.sideOf(entry.path) ?? rootSide(entry.path, this.roots));
    this.cannotCheck.push({ ...entry, ...(side ? { side } : {}) });
  }

  finish(): HardlinkReport {
    const copies = tally();
    const standalone = tally();
    const copySizes = new Set<number>();
    const largestCopies = new TopN(this.top);
    for (const f of this.mediaSingles) {
      if (this.torrentSizes.has(f.size)) {
        add(copies, f.size);
        copySizes.add(f.size);
        largestCopies.offer(f);
      } else add(standalone, f.size);
    }
    const linkedToTorrent = tally();
    for (const m of this.linkedMedia)
      if (this.torrentInodes.get(m.dev)?.has(m.ino)) add(linkedToTorrent, m.size);

    const orphans = tally();
    const largestOrphans = new TopN(this.top);
    for (const [dev, byIno] of this.torrentInodes) {
      const linked = this.mediaInodes.get(dev);
      for (const [ino, t] of byIno) {
        if (linked?.has(ino) || copySizes.has(t.size)) continue;
        add(orphans, t.size);
        largestOrphans.offer({ path: t.path, size: t.size });
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
      media: { ...this.mediaTotal, linked: this.linked, linkedToTorrent, copies, standalone },
      torrents: { ...this.torrentTotal, orphans },
      bytesWasted: copies.bytes,
      cannotCheck: {
        count: this.cannotCheckCount,
        entries: this.cannotCheck,
        truncated: this.cannotCheckCount > this.cannotCheck.length,
      },
      devices: { torrents, media, same },
      largestCopies: largestCopies.result(),
      largestOrphans: largestOrphans.result(),
    };
  }
}

/** An inode number as a Map key: a number when exact (cheap), else the decimal string. */
function inodeKey(ino: string): number | string {
  const n = Number(ino);
  return Number.isSafeInteger(n) ? n : ino;
}

/** The root itself (e.g. an unreadable /data/media) belongs to its side too. */
function rootSide(path: string, roots: AuditRoots): Side | undefined {
  if (path === roots.torrents) return "torrents";
  if (path === roots.media) return "media";
  return undefined;
}
