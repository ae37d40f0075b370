import { describe, expect, it } from "vitest";
import {
  HIGHLIGHT_RULES,
  highlightOf,
  highlightRule,
  kubectlLogsCommand,
  summariseHighlights,
} from "./highlights";

// Lines as the images print them (LinuxServer s6 init, .NET *arr apps, SQLite, qBittorrent, Jellyfin).
const cases: [string, string | undefined][] = [
  [
    "s6-applyuidgid: fatal: unable to set supplementary group list: Operation not permitted",
    "s6-uidgid",
  ],
  ["s6-rc: warning: unable to start service init-adduser: command exited 1", undefined],
  [
    "/package/admin/s6-overlay/libexec/preinit: info: chown /run: Operation not permitted",
    "s6-uidgid",
  ],
  [
    "[Fatal] ConsoleApp: EPIC FAIL! System.UnauthorizedAccessException: Access to the path '/config/sonarr.db' is denied.",
    "permission-denied",
  ],
  [
    "[Error] DiskTransferService: Access to the path '/data/media/tv/Show' is denied.",
    "permission-denied",
  ],
  ["chown: /config/qBittorrent: Permission denied", "permission-denied"],
  ["mkdir: cannot create directory '/data/torrents': Permission denied", "permission-denied"],
  ["Access to the path '/tmp/x' is denied.", undefined],
  ["[Warn] SonarrErrorPipeline: DB Error: database is locked", "database-locked"],
  [
    "code = Busy (5), message = System.Data.SQLite.SQLiteException (0x800027AF): database is locked",
    "database-locked",
  ],
  [
    "The WebUI administrator password was not set. A temporary password is provided for this session: abc",
    "qbittorrent-temp-password",
  ],
  [
    "[12:00:00] [ERR] [30] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: FFmpeg exited with code 1",
    "ffmpeg-error",
  ],
  [
    "[12:00:00] [INF] [1] MediaBrowser.MediaEncoding.Encoder.MediaEncoder: FFmpeg: /usr/lib/jellyfin-ffmpeg/ffmpeg",
    undefined,
  ],
  ["FFmpeg exited with code 0", undefined],
  ["[Info] Microsoft.Hosting.Lifetime: Now listening on: http://[::]:8989", undefined],
  ["[ls.io-init] done.", undefined],
];

describe("highlightOf", () => {
  it.each(cases)("%s → %s", (line, id) => {
    expect(highlightOf(line)).toBe(id);
  });

  it("has a rule, title and hint for every id", () => {
    for (const r of HIGHLIGHT_RULES) {
      expect(highlightRule(r.id)).toBe(r);
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.hint.length).toBeGreaterThan(0);
    }
  });
});

describe("summariseHighlights", () => {
  it("counts per rule in rule order with the latest line", () => {
    const s = summariseHighlights([
      { n: 1, h: "database-locked" },
      { n: 2 },
      { n: 3, h: "s6-uidgid" },
      { n: 9, h: "database-locked" },
    ]);
    expect(s).toEqual([
      { id: "s6-uidgid", count: 1, lastN: 3 },
      { id: "database-locked", count: 2, lastN: 9 },
    ]);
    expect(summariseHighlights([{ n: 1 }])).toEqual([]);
  });
});

describe("kubectlLogsCommand", () => {
  it("names the namespace, pod and container, and --previous for the earlier instance", () => {
    const t = { namespace: "media", pod: "qbittorrent-7d9f-abcde", container: "qbittorrent" };
    expect(kubectlLogsCommand(t)).toBe(
      "kubectl -n media logs qbittorrent-7d9f-abcde -c qbittorrent",
    );
    expect(kubectlLogsCommand({ ...t, previous: true })).toBe(
      "kubectl -n media logs qbittorrent-7d9f-abcde -c qbittorrent --previous",
    );
  });
});
