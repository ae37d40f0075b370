import { describe, expect, it } from "vitest";
import { HardlinkAccumulator, TopN, unfinishedReason } from "./report";
import { createAuditSink } from "./sink";
import { RECORD_MARK, auditRoots } from "./command";

const roots = auditRoots("/data");
/** A record as the audit's stat prints it; allocated = apparent unless given (512-byte blocks). */
const rec = (
  dev: number,
  ino: number,
  nlink: number,
  size: number,
  path: string,
  allocated = size,
) => `${RECORD_MARK}${dev} ${ino} ${nlink} ${size} ${Math.ceil(allocated / 512)} 512 ${path}\n`;
const t = (v: number) => ({ files: v === 0 ? 0 : 1, bytes: v, allocatedBytes: v });

function run(stdout: string, stderr = "", options = {}) {
  const acc = new HardlinkAccumulator(roots, options);
  const sink = createAuditSink(acc);
  // Feed in small uneven chunks, as an exec stream would.
  const out = Buffer.from(stdout);
  for (let i = 0; i < out.length; i += 7) sink.stdout(out.subarray(i, i + 7));
  sink.stderr(Buffer.from(stderr));
  sink.end();
  return acc.finish();
}

describe("hardlink report", () => {
  const tree =
    // torrent 10 linked to media 10; torrent 11 copied to media 20 (size 500); torrent 12 orphan
    rec(1, 10, 2, 1000, "/data/torrents/movies/a.mkv") +
    rec(1, 11, 1, 500, "/data/torrents/movies/b.mkv") +
    rec(1, 12, 1, 700, "/data/torrents/tv/orphan.mkv") +
    rec(1, 10, 2, 1000, "/data/media/movies/a.mkv") +
    rec(1, 20, 1, 500, "/data/media/movies/b copy.mkv") +
    rec(1, 21, 1, 42, "/data/media/movies/handmade.nfo") +
    // linked twice inside media only (nlink 2, partner not under torrents)
    rec(1, 30, 2, 9, "/data/media/tv/x.srt");

  it("classifies every media file and counts bytes", () => {
    const r = run(tree);
    expect(r.media).toMatchObject({
      files: 4,
      bytes: 1551,
      linked: { files: 2, bytes: 1009 },
      linkedToTorrent: { files: 1, bytes: 1000 },
      linkedNotToTorrent: { files: 1, bytes: 9 },
      copies: { files: 1, bytes: 500 },
      standalone: { files: 1, bytes: 42 },
    });
    expect(r.bytesWasted).toBe(500);
    expect(r.torrents).toMatchObject({
      files: 3,
      bytes: 2200,
      paths: 3,
      orphans: { files: 1, bytes: 700 },
      importedByLink: { files: 1, bytes: 1000 },
      importedByCopy: { files: 1, bytes: 500 },
    });
    expect(t(0)).toEqual({ files: 0, bytes: 0, allocatedBytes: 0 });
    expect(r.largestCopies).toEqual([{ path: "/data/media/movies/b copy.mkv", size: 500 }]);
    expect(r.largestOrphans).toEqual([{ path: "/data/torrents/tv/orphan.mkv", size: 700 }]);
    expect(r.devices).toEqual({ torrents: ["1"], media: ["1"], same: true });
    expect(r.cannotCheck.count).toBe(0);
  });

  it("does not depend on torrents arriving first", () => {
    const lines = tree.split("\n").filter(Boolean).reverse().join("\n") + "\n";
    const a = run(tree);
    const b = run(lines);
    expect(b.media).toEqual(a.media);
    expect(b.torrents).toEqual(a.torrents);
  });

  it("counts unreadable and unparsable entries as could-not-check, never as not linked", () => {
    const r = run(
      "garbage line\n" + tree + `${RECORD_MARK}x y z w /data/media/bad\n`,
      "find: /data/media/locked: Permission denied\nfind: ‘/data/torrents/private’: Permission denied\n",
    );
    expect(r.cannotCheck.count).toBe(4);
    const sides = r.cannotCheck.entries.map((e) => e.side ?? "unknown").sort();
    expect(sides).toEqual(["media", "torrents", "unknown", "unknown"]);
    expect(r.media.files).toBe(4);
    expect(r.media.copies.files).toBe(1);
  });

  it("flags torrents and media on different devices", () => {
    const r = run(rec(1, 10, 1, 100, "/data/torrents/a") + rec(2, 10, 1, 100, "/data/media/a"));
    expect(r.devices).toEqual({ torrents: ["1"], media: ["2"], same: false });
    // Same inode number on another device is a different file: a copy, not a link.
    expect(r.media.copies.files).toBe(1);
  });

  it("keeps only the top N offenders and a bounded list of could-not-check entries", () => {
    let out = "";
    for (let i = 0; i < 100; i++)
      out +=
        rec(1, 1000 + i, 1, i, `/data/torrents/t${i}`) +
        rec(1, 5000 + i, 1, i, `/data/media/m${i}`);
    let err = "";
    for (let i = 0; i < 30; i++) err += `find: /data/media/locked${i}: Permission denied\n`;
    const r = run(out, err, { top: 3, maxCannotCheck: 10 });
    expect(r.largestCopies.map((f) => f.size)).toEqual([99, 98, 97]);
    expect(r.media.copies.files).toBe(100);
    expect(r.cannotCheck).toMatchObject({ count: 30, truncated: true });
    expect(r.cannotCheck.entries).toHaveLength(10);
  });

  it("reports no device verdict when a side is empty", () => {
    expect(run(rec(1, 1, 1, 1, "/data/media/a")).devices.same).toBeNull();
  });
});

describe("TopN", () => {
  it("matches a full sort for any input order", () => {
    const sizes = Array.from({ length: 200 }, (_, i) => (i * 7919) % 211);
    const t = new TopN(5);
    sizes.forEach((s, i) => t.offer({ path: `p${i}`, size: s }));
    expect(t.result().map((f) => f.size)).toEqual([...sizes].sort((a, b) => b - a).slice(0, 5));
  });
});

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The trailer the audit script prints: one batch line per `count` names, then `end STATUS`. */
const control = (body: string) => `${RECORD_MARK}${body}\n`;

describe("F2: per-inode accounting (field-failures.md)", () => {
  // The reference tree: E01 never imported (cross-seeded), E02 imported and cross-seeded,
  // Film.2020 linked only into a recycle bin inside media/.
  const out =
    rec(1, 101, 2, 8 * MiB, "/data/torrents/tv/Show.S01/E01.mkv") +
    rec(1, 102, 3, 16 * MiB, "/data/torrents/tv/Show.S01/E02.mkv") +
    rec(1, 101, 2, 8 * MiB, "/data/torrents/cross-seed/B/Show.S01/E01.mkv") +
    rec(1, 102, 3, 16 * MiB, "/data/torrents/cross-seed/B/Show.S01/E02.mkv") +
    rec(1, 102, 3, 16 * MiB, "/data/media/tv/Show/Season 01/Show - S01E02.mkv") +
    rec(1, 201, 2, 4 * MiB, "/data/media/movies/Film.2020/Film.2020.mkv") +
    rec(1, 201, 2, 4 * MiB, "/data/media/.recycle/Film.2020.mkv");

  it("counts torrents once per inode, and tells the three kinds of links apart", () => {
    const r = run(out);
    expect(r.torrents).toMatchObject({ files: 2, bytes: 24 * MiB, paths: 4 });
    expect(r.torrents.orphans).toMatchObject({ files: 1, bytes: 8 * MiB });
    expect(r.torrents.crossSeedOnly).toMatchObject({ files: 1, bytes: 8 * MiB });
    expect(r.largestOrphans.map((f) => f.path)).toEqual(["/data/torrents/tv/Show.S01/E01.mkv"]);
    expect(r.torrents.importedByLink).toMatchObject({ files: 1, bytes: 16 * MiB });
    expect(r.media.linkedToTorrent).toMatchObject({ files: 1, bytes: 16 * MiB });
    expect(r.media.linkedNotToTorrent).toMatchObject({ files: 2, bytes: 8 * MiB });
    expect(r.media.copies.files).toBe(0);
  });

  it("does not count cross-seeded copies of a never-imported torrent as imports", () => {
    const r = run(
      rec(1, 1, 2, 100, "/data/torrents/a/x.mkv") + rec(1, 1, 2, 100, "/data/torrents/b/x.mkv"),
    );
    expect(r.torrents).toMatchObject({ files: 1, bytes: 100, paths: 2 });
    expect(r.torrents.orphans.files).toBe(1);
    expect(r.torrents.crossSeedOnly.files).toBe(1);
  });

  it("matches a naive per-inode reference on random trees, in any order", () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 5; round++) {
      const lines: [number, number, number, number, string][] = [];
      for (let i = 0; i < 3000; i++) {
        const dev = 1 + rnd(2);
        const ino = rnd(1500) + (rnd(4) === 0 ? 2 ** 40 : 0);
        const size = 1000 + (ino % 97);
        const side = rnd(2) ? "torrents" : "media";
        lines.push([dev, ino, 1 + rnd(3), size, `/data/${side}/d${rnd(30)}/f${i}`]);
      }
      const r = run(lines.map((l) => rec(...l)).join(""));
      const torrentInodes = new Map<string, number>();
      const mediaLinked = new Set<string>();
      for (const [dev, ino, nlink, size, path] of lines) {
        const key = `${dev}:${ino}`;
        if (path.startsWith("/data/torrents/")) torrentInodes.set(key, size);
        else if (nlink > 1) mediaLinked.add(key);
      }
      let toTorrent = 0;
      for (const [dev, ino, nlink, , path] of lines)
        if (path.startsWith("/data/media/") && nlink > 1 && torrentInodes.has(`${dev}:${ino}`))
          toTorrent += 1;
      expect(r.torrents.files).toBe(torrentInodes.size);
      expect(r.torrents.bytes).toBe([...torrentInodes.values()].reduce((a, b) => a + b, 0));
      expect(r.media.linkedToTorrent.files).toBe(toTorrent);
      expect(r.torrents.importedByLink.files).toBe(
        [...torrentInodes.keys()].filter((k) => mediaLinked.has(k)).length,
      );
    }
  }, 20_000); // 15 000 records, ~1.5 s alone; over 5 s on a loaded 2-core machine
});

describe("F3: unfinished torrent files", () => {
  it("reports .!qB, temp-folder and sparse files as unfinished with both sizes, never as orphans or copy sources", () => {
    const r = run(
      rec(1, 1, 1, 40 * GiB, "/data/torrents/incomplete/Movie.2024/Movie.2024.mkv.!qB", 0) +
        rec(1, 2, 1, 12 * GiB, "/data/torrents/movies/Pack.S01/E07.mkv", 4 * MiB) +
        rec(1, 3, 1, 3 * GiB, "/data/torrents/temp/Other/file.mkv") +
        rec(1, 4, 1, 2 * GiB, "/data/torrents/movies/Done.mkv") +
        // A media file the size of the sparse one: not a copy of an unfinished download.
        rec(1, 9, 1, 12 * GiB, "/data/media/movies/Pack/E07.mkv"),
    );
    expect(r.torrents.unfinished).toEqual({
      files: 3,
      bytes: 55 * GiB,
      allocatedBytes: 4 * MiB + 3 * GiB,
    });
    expect(r.largestUnfinished).toEqual([
      {
        path: "/data/torrents/incomplete/Movie.2024/Movie.2024.mkv.!qB",
        size: 40 * GiB,
        allocatedBytes: 0,
        why: "qbittorrent-temp-name",
      },
      {
        path: "/data/torrents/movies/Pack.S01/E07.mkv",
        size: 12 * GiB,
        allocatedBytes: 4 * MiB,
        why: "sparse",
      },
      {
        path: "/data/torrents/temp/Other/file.mkv",
        size: 3 * GiB,
        allocatedBytes: 3 * GiB,
        why: "temp-folder",
      },
    ]);
    expect(r.torrents.orphans).toMatchObject({ files: 1, bytes: 2 * GiB });
    expect(r.largestOrphans.map((f) => f.path)).toEqual(["/data/torrents/movies/Done.mkv"]);
    expect(r.media.copies.files).toBe(0);
    expect(r.media.standalone.files).toBe(1);
  });

  it("does not call small or slightly compressed files sparse", () => {
    expect(unfinishedReason("tv/a.nfo", 3000, 0)).toBeNull();
    expect(unfinishedReason("tv/a.mkv", 100 * MiB, 97 * MiB)).toBeNull();
    expect(unfinishedReason("tv/a.mkv", 100 * MiB, 50 * MiB)).toBe("sparse");
    expect(unfinishedReason("tv/Incomplete/a.mkv", 1, 1)).toBe("temp-folder");
    expect(unfinishedReason("tv/incomplete.mkv", 1, 1)).toBeNull();
    expect(unfinishedReason("TEMP/a.mkv", 1, 1)).toBe("temp-folder");
    expect(unfinishedReason("tv/Show/.incomplete/S01/a.mkv", 1, 1)).toBe("temp-folder");
    expect(unfinishedReason("tv/temporary/a.mkv", 1, 1)).toBeNull();
    expect(unfinishedReason("tv/temp", 1, 1)).toBeNull();
  });
});

describe("F4: unreadable trees", () => {
  it.each([
    ["find: '/data/media': Stale file handle", "media", "stale"],
    ["find: ‘/data/torrents’: Permission denied", "torrents", "permission"],
    ["find: /data/media: Input/output error", "media", "io"],
    ["find: '/data/media/': Not a directory", "media", "not-directory"],
  ])("names an unreadable root as a failure with a remedy: %s", (stderr, side, cls) => {
    const r = run(rec(1, 1, 1, 5, "/data/torrents/a"), `${stderr}\n`);
    expect(r.rootFailures).toHaveLength(1);
    expect(r.rootFailures[0]).toMatchObject({ side, cls });
    expect(r.rootFailures[0]?.remedy).toBeTruthy();
  });

  it("groups per-file errors by cause with counts", () => {
    const err =
      "find: '/data/media/a': Stale file handle\n" +
      "stat: cannot statx '/data/media/b.mkv': Stale file handle\n" +
      "stat: can't stat '/data/media/c.mkv': Stale file handle\n" +
      "find: /data/media/locked: Permission denied\n" +
      "stat: cannot statx '/data/torrents/x': Input/output error\n";
    const r = run(rec(1, 1, 1, 5, "/data/torrents/a"), err);
    expect(r.rootFailures).toEqual([]);
    expect(r.cannotCheck.groups.map((g) => [g.cls, g.count])).toEqual([
      ["stale", 3],
      ["permission", 1],
      ["io", 1],
    ]);
    expect(r.cannotCheck.groups[0]?.remedy).toMatch(/restart the pod/);
  });
});

describe("F12: complete output", () => {
  const body = rec(1, 1, 2, 5, "/data/torrents/a") + rec(1, 1, 2, 5, "/data/media/a");

  it("is complete only with the trailer last and every batch accounted for", () => {
    const whole = control("pid 77") + body + control("batch 2 0") + control("end 0");
    const r = run(whole);
    expect(r.completeness).toEqual({
      complete: true,
      pid: 77,
      exitStatus: 0,
      declared: 2,
      received: 2,
    });
  });

  it("counts a stat error as an answer for its name", () => {
    const r = run(
      control("pid 77") + body + control("batch 3 1") + control("end 1"),
      "stat: can't stat '/data/media/gone': No such file or directory\n",
    );
    expect(r.completeness.complete).toBe(true);
  });

  it.each([
    ["no trailer", control("pid 7") + body + control("batch 2 0"), /without its trailer/],
    [
      "a lost record",
      control("pid 7") +
        rec(1, 1, 2, 5, "/data/torrents/a") +
        control("batch 2 0") +
        control("end 0"),
      /named 2 files but 1/,
    ],
    [
      "output after the trailer",
      control("pid 7") +
        body +
        control("batch 2 0") +
        control("end 0") +
        rec(1, 9, 1, 1, "/data/media/z"),
      /after the trailer/,
    ],
    [
      "an unknown exit status",
      control("pid 7") + body + control("batch 2 0") + control("end 137"),
      /status 137/,
    ],
    ["nothing at all", "", /without its trailer/],
  ])("is incomplete with %s", (_name, stdout, why) => {
    const r = run(stdout);
    expect(r.completeness.complete).toBe(false);
    expect(r.completeness.reason).toMatch(why);
  });
});
