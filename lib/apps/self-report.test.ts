import { describe, expect, it } from "vitest";
import { ok, wiredEvidence } from "./checks/fixtures";
import { appSelfReport } from "./self-report";

describe("an app's self-report", () => {
  it("has the API's version and no flag when healthy", () => {
    const r = appSelfReport("sonarr", wiredEvidence(), "Sonarr");
    expect(r).toMatchObject({
      version: "4.0.19.2979",
      health: [],
      flag: null,
      queue: { total: 0 },
    });
  });
  it("flags a health error and lists stuck downloads with their messages", () => {
    const ev = wiredEvidence();
    ev.radarr.health = ok([
      {
        source: "RootFolderCheck",
        type: "error",
        message: "Missing root folder: /data/media/movies",
        wikiUrl: "https://wiki.servarr.com/radarr/system#missing-root-folder",
      },
    ]);
    ev.radarr.queue = ok({
      totalRecords: 2,
      records: [
        {
          title: "Sintel.2010",
          trackedDownloadStatus: "warning",
          trackedDownloadState: "importBlocked",
          statusMessages: [
            { title: "Sintel", messages: ["No files found are eligible for import"] },
          ],
        },
        { title: "BBB.2008", trackedDownloadStatus: "ok", trackedDownloadState: "downloading" },
      ],
    });
    const r = appSelfReport("radarr", ev, "Radarr");
    expect(r.flag).toBe("Radarr reports a health error: Missing root folder: /data/media/movies");
    expect(r.health[0]?.wikiUrl).toContain("missing-root-folder");
    expect(r.queue).toEqual({
      total: 2,
      problems: [
        {
          title: "Sintel.2010",
          state: "importBlocked",
          messages: ["No files found are eligible for import"],
        },
      ],
    });
  });
  it("says why when the app could not be asked", () => {
    const ev = wiredEvidence();
    ev.jellyfin.info = {
      ok: false,
      code: "unreachable",
      error: "Jellyfin unreachable (ECONNREFUSED)",
    };
    expect(appSelfReport("jellyfin", ev, "Jellyfin").error).toBe(
      "Jellyfin unreachable (ECONNREFUSED)",
    );
  });
});
