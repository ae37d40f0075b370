import { describe, expect, it } from "vitest";
import { RECORD_MARK } from "./command";
import {
  importPairs,
  judgePairs,
  pairStatCommand,
  parsePairErrors,
  parsePairStats,
  pathProblem,
} from "./pairs";

const rec = (droppedPath: string | null, importedPath: string | null) => ({
  date: "2026-11-01T00:00:00Z",
  data: { droppedPath, importedPath, downloadClient: "qBittorrent" },
});

describe("history pairs", () => {
  it("validates every path before it reaches stat's argv", () => {
    expect(pathProblem("/data/torrents/tv/a b.mkv", "/data")).toBeNull();
    expect(pathProblem("/downloads/tv/a.mkv", "/data")).toBe("not under /data");
    expect(pathProblem("/data/../etc/shadow", "/data")).toBe("contains . or .. segments");
    expect(pathProblem("/data/a\nb", "/data")).toBe("contains a control character");
    expect(pathProblem("/data/a\u0000b", "/data")).toBe("contains a control character");
    expect(pathProblem("relative/x", "/data")).toBe("not under /data");
    expect(pathProblem("/database/x", "/data")).toBe("not under /data");
  });

  it("takes pairs from history records, dropping bad paths and duplicates", () => {
    const { pairs, rejected } = importPairs(
      "sonarr",
      [
        rec("/data/torrents/tv/S01E01.mkv", "/data/media/tv/Show/S01E01.mkv"),
        rec("/data/torrents/tv/S01E01.mkv", "/data/media/tv/Show/S01E01.mkv"),
        rec("/downloads/tv/S01E02.mkv", "/data/media/tv/Show/S01E02.mkv"),
        rec(null, "/data/media/tv/x.mkv"),
      ],
      "/data",
    );
    expect(pairs).toHaveLength(1);
    expect(rejected).toEqual([{ path: "/downloads/tv/S01E02.mkv", reason: "not under /data" }]);
    expect(pairStatCommand(pairs)).toEqual([
      "stat",
      "-c",
      `${RECORD_MARK}%d %i %h %s %b %B %n`,
      "--",
      "/data/torrents/tv/S01E01.mkv",
      "/data/media/tv/Show/S01E01.mkv",
    ]);
  });

  it("judges hardlinked, copied (bytes wasted), moved and missing", () => {
    const p = (n: string) => ({
      app: "radarr" as const,
      droppedPath: `/data/torrents/movies/${n}`,
      importedPath: `/data/media/movies/${n}`,
    });
    const out = [
      `${RECORD_MARK}64769 100 2 700 2 512 /data/torrents/movies/linked a.mkv`,
      `${RECORD_MARK}64769 100 2 700 2 512 /data/media/movies/linked a.mkv`,
      `${RECORD_MARK}64769 200 1 4096 8 512 /data/torrents/movies/copy.mkv`,
      `${RECORD_MARK}64769 201 1 4096 8 512 /data/media/movies/copy.mkv`,
      `${RECORD_MARK}64769 300 1 10 0 512 /data/media/movies/moved.mkv`,
      "",
    ].join("\n");
    const r = judgePairs(
      [p("linked a.mkv"), p("copy.mkv"), p("moved.mkv"), p("gone.mkv")],
      parsePairStats(out),
    );
    expect(r.pairs.map((x) => x.verdict)).toEqual(["hardlinked", "copied", "moved", "missing"]);
    expect(r.counts).toEqual({ hardlinked: 1, copied: 1, moved: 1, missing: 1 });
    expect(r.bytesWasted).toBe(4096);
  });

  it("never calls a pair moved or missing when stat could not read a path (F4)", () => {
    const p = (n: string) => ({
      app: "sonarr" as const,
      droppedPath: `/data/torrents/tv/${n}`,
      importedPath: `/data/media/tv/${n}`,
    });
    const stderr = [
      "stat: cannot statx '/data/torrents/tv/stale.mkv': Stale file handle",
      "stat: can't stat '/data/media/tv/denied.mkv': Permission denied",
      "stat: cannot statx '/data/torrents/tv/gone.mkv': No such file or directory",
      "",
    ].join("\n");
    const out = `${RECORD_MARK}64769 300 1 10 0 512 /data/media/tv/gone.mkv\n${RECORD_MARK}64769 301 1 10 0 512 /data/torrents/tv/denied.mkv\n`;
    const r = judgePairs(
      [p("stale.mkv"), p("denied.mkv"), p("gone.mkv")],
      parsePairStats(out),
      [],
      parsePairErrors(stderr),
    );
    expect(r.pairs.map((x) => [x.importedPath, x.verdict])).toEqual([
      ["/data/media/tv/gone.mkv", "moved"],
    ]);
    expect(r.counts).toEqual({ hardlinked: 0, copied: 0, moved: 1, missing: 0 });
    expect(r.rejected).toEqual([
      { path: "/data/torrents/tv/stale.mkv", reason: "stat: Stale file handle" },
      { path: "/data/media/tv/denied.mkv", reason: "stat: Permission denied" },
    ]);
  });
});
