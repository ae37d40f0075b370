import { describe, expect, it } from "vitest";
import { HardlinkAccumulator, TopN } from "./report";
import { createAuditSink } from "./sink";
import { RECORD_MARK, auditRoots } from "./command";

const roots = auditRoots("/data");
const rec = (dev: number, ino: number, nlink: number, size: number, path: string) =>
  `${RECORD_MARK}${dev} ${ino} ${nlink} ${size} ${path}\n`;

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
    expect(r.media).toEqual({
      files: 4,
      bytes: 1551,
      linked: { files: 2, bytes: 1009 },
      linkedToTorrent: { files: 1, bytes: 1000 },
      copies: { files: 1, bytes: 500 },
      standalone: { files: 1, bytes: 42 },
    });
    expect(r.bytesWasted).toBe(500);
    expect(r.torrents).toEqual({ files: 3, bytes: 2200, orphans: { files: 1, bytes: 700 } });
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
