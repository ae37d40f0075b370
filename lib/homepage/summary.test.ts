import { describe, expect, it } from "vitest";
import { HOMEPAGE_FIELDS, bearerMatches, buildHomepageSummary } from "./summary";
import type { DashboardView } from "@/lib/view/dashboard";
import type { ChecklistReport } from "@/lib/checks/types";

const app = (status: string, ready: number, total: number) => ({
  health: { status, reason: "", details: [] },
  pods: { ready, total },
});

const view = {
  apps: [
    app("Healthy", 1, 1),
    app("Healthy", 1, 1),
    app("Degraded", 0, 1),
    app("Stopped", 0, 0),
    app("Progressing", 0, 1),
  ],
  status: {
    connected: true,
    lastSyncAt: "2026-11-25T10:00:00.000Z",
    error: null,
    since: "2026-11-25T09:00:00.000Z",
  },
} as unknown as DashboardView;

const checklist: ChecklistReport = {
  generatedAt: "",
  items: new Array(12).fill(null),
  counts: { pass: 4, fail: 1, "could-not-check": 0, "not-checked": 7 },
};

describe("buildHomepageSummary", () => {
  it("counts apps, pods and checks into the widget's stable fields", () => {
    const s = buildHomepageSummary(view, checklist, null, new Date("2026-11-25T10:00:30.000Z"));
    expect(s.apps).toEqual({
      healthy: 2,
      total: 5,
      degraded: 1,
      progressing: 1,
      stopped: 1,
      missing: 0,
    });
    expect(s.pods).toEqual({ ready: 2, total: 4 });
    expect(s.checks).toEqual({ passed: 4, failed: 1, couldNotCheck: 0, notChecked: 7, total: 12 });
    expect(s.hardlinks.bytesWasted).toBeNull();
    expect(s.api).toEqual({ connected: true, lastSyncAgeSeconds: 30 });
    expect(Object.keys(s)).not.toContain("error");
  });

  it("serves exactly the documented field paths", () => {
    const s = buildHomepageSummary(view, checklist, null, new Date());
    const paths = Object.entries(s).flatMap(([k, v]) =>
      typeof v === "object" && v !== null ? Object.keys(v).map((c) => `${k}.${c}`) : [k],
    );
    expect(paths.sort()).toEqual([...HOMEPAGE_FIELDS].sort());
  });

  it("reports the last audit's numbers and age", () => {
    const s = buildHomepageSummary(
      view,
      checklist,
      {
        finishedAt: "2026-11-25T09:58:00.000Z",
        linked: 3,
        copies: 1,
        bytesWasted: 700,
        orphans: 2,
        cannotCheck: 0,
      },
      new Date("2026-11-25T10:00:00.000Z"),
    );
    expect(s.hardlinks).toEqual({
      linked: 3,
      copies: 1,
      bytesWasted: 700,
      orphans: 2,
      cannotCheck: 0,
      ageSeconds: 120,
    });
  });
});

describe("bearerMatches", () => {
  it("accepts only the exact bearer token", () => {
    expect(bearerMatches("Bearer s3cret-token", "s3cret-token")).toBe(true);
    expect(bearerMatches("Bearer s3cret-tokeN", "s3cret-token")).toBe(false);
    expect(bearerMatches("Bearer s3cret", "s3cret-token")).toBe(false);
    expect(bearerMatches("bearer s3cret-token", "s3cret-token")).toBe(false);
    expect(bearerMatches("s3cret-token", "s3cret-token")).toBe(false);
    expect(bearerMatches(null, "s3cret-token")).toBe(false);
    expect(bearerMatches("Bearer ", "")).toBe(false);
  });
});
