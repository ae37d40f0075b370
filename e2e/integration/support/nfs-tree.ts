// Generates simulated NFS trees with known numbers of linked, copied, standalone, orphan and
// unreadable files, and the exact counts and bytes the hardlink audit must report for them.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  linkSync,
  mkdirSync,
  writeFileSync,
  readdirSync,
  truncateSync,
  openSync,
  closeSync,
} from "node:fs";
import { join } from "node:path";

/** The stack's LinuxServer apps run as PUID/PGID 1000 (the seed manifests). */
export const APP_UID = 1000;
export const APP_GID = 1000;

export interface TreeSpec {
  linked: number;
  copies: number;
  standalone: number;
  orphans: number;
  /** Directories made unreadable with chmod 000 (only effective when the reader is not root). */
  lockedDirs?: number;
  /** Files whose path exceeds PATH_MAX, so stat fails even for root (ENAMETOOLONG). */
  tooLong?: number;
  /** Give some names spaces, quotes and newlines. */
  oddNames?: boolean;
}

export interface TreeExpectation {
  media: { files: number; bytes: number };
  linked: { files: number; bytes: number };
  copies: { files: number; bytes: number };
  standalone: { files: number; bytes: number };
  torrents: { files: number; bytes: number };
  orphans: { files: number; bytes: number };
  cannotCheck: number;
}

/** Empties `root` (keeping the directory itself: it may be a mount point). */
export function clearTree(root: string): void {
  mkdirSync(root, { recursive: true });
  const entries = readdirSync(root).map((e) => join(root, e));
  if (entries.length === 0) return;
  // GNU chmod/rm walk with openat, so paths beyond PATH_MAX and chmod-000 directories go too.
  execFileSync("chmod", ["-R", "u+rwx", ...entries]);
  execFileSync("rm", ["-rf", "--", ...entries]);
}

const sized = (path: string, size: number) => {
  closeSync(openSync(path, "w"));
  truncateSync(path, size); // sparse: big sizes cost no disk
};

/**
 * Builds the tree under `root` (which becomes /data in pods). Sizes are distinct per class so a
 * copy matches exactly its torrent: linked i → 100 000 + i, copy i → 200 000 + i, standalone
 * i → 300 000 + i, orphan i → 400 000 + i. All below 1 MiB: the files are sparse (no disk used),
 * and the audit calls a torrent file unfinished only when more than 1 MiB of it is unallocated.
 */
export function buildTree(root: string, spec: TreeSpec): TreeExpectation {
  clearTree(root);
  for (const d of ["torrents/movies", "torrents/tv", "media/movies", "media/tv"])
    mkdirSync(join(root, d), { recursive: true });
  // Owned by the apps' PUID/PGID, as on a real share: writability is judged for that identity.
  for (const d of [
    "torrents",
    "torrents/movies",
    "torrents/tv",
    "media",
    "media/movies",
    "media/tv",
  ])
    chownSync(join(root, d), APP_UID, APP_GID);
  const name = (kind: string, i: number) =>
    spec.oddNames && i % 3 === 1
      ? `${kind} ${i} it's "odd"\nline.mkv`
      : spec.oddNames && i % 3 === 2
        ? `${kind} ${i} (2020) [1080p].mkv`
        : `${kind}-${i}.mkv`;
  const exp: TreeExpectation = {
    media: { files: 0, bytes: 0 },
    linked: { files: 0, bytes: 0 },
    copies: { files: 0, bytes: 0 },
    standalone: { files: 0, bytes: 0 },
    torrents: { files: 0, bytes: 0 },
    orphans: { files: 0, bytes: 0 },
    cannotCheck: 0,
  };
  const add = (t: { files: number; bytes: number }, n: number) => {
    t.files += 1;
    t.bytes += n;
  };
  for (let i = 0; i < spec.linked; i++) {
    const size = 100_000 + i;
    const t = join(root, "torrents/movies", name("linked", i));
    sized(t, size);
    linkSync(t, join(root, "media/movies", name("linked", i)));
    add(exp.torrents, size);
    add(exp.media, size);
    add(exp.linked, size);
  }
  for (let i = 0; i < spec.copies; i++) {
    const size = 200_000 + i;
    sized(join(root, "torrents/tv", name("copy", i)), size);
    sized(join(root, "media/tv", name("copy", i)), size);
    add(exp.torrents, size);
    add(exp.media, size);
    add(exp.copies, size);
  }
  for (let i = 0; i < spec.standalone; i++) {
    const size = 300_000 + i;
    sized(join(root, "media/movies", name("own", i)), size);
    add(exp.media, size);
    add(exp.standalone, size);
  }
  for (let i = 0; i < spec.orphans; i++) {
    const size = 400_000 + i;
    sized(join(root, "torrents/movies", name("orphan", i)), size);
    add(exp.torrents, size);
    add(exp.orphans, size);
  }
  for (let i = 0; i < (spec.lockedDirs ?? 0); i++) {
    const d = join(root, "media/movies", `locked-${i}`);
    mkdirSync(d);
    writeFileSync(join(d, "hidden.mkv"), "x");
    chmodSync(d, 0o000);
    exp.cannotCheck += 1;
  }
  for (let i = 0; i < (spec.tooLong ?? 0); i++) {
    // 42 levels of 100-character names: > 4096 bytes of path, though each step is valid.
    const top = join(root, "media/tv", `deep-${i}`);
    mkdirSync(top);
    // bash: its relative `cd` works past PATH_MAX (dash's does not).
    execFileSync("bash", [
      "-c",
      'cd "$1" || exit 1; for _ in $(seq 42); do mkdir "$2" && cd "$2" || exit 1; done; echo x > episode.mkv',
      "deep",
      top,
      "d".repeat(100),
    ]);
    exp.cannotCheck += 1;
  }
  return exp;
}
