// The dashboard's entry in k8s/homepage/services.yaml (written with the manifests) must map only
// fields the summary serves, so the widget never shows an empty value after a rename.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HOMEPAGE_FIELDS } from "./summary";

type Entry = {
  widget?: {
    type?: string;
    url?: string;
    headers?: Record<string, string>;
    mappings?: { field: string; format?: string }[];
  };
};

function dashboardWidget() {
  const groups = parse(readFileSync("k8s/homepage/services.yaml", "utf8")) as Record<
    string,
    Record<string, Entry>[]
  >[];
  const entries = groups.flatMap((g) => Object.values(g).flat()).flatMap((e) => Object.values(e));
  return entries.find(
    (e) => e.widget?.type === "customapi" && e.widget.url?.endsWith("/api/homepage"),
  )?.widget;
}

describe("k8s/homepage/services.yaml against the summary's contract", () => {
  it("maps only served fields, with the bearer token header", () => {
    const w = dashboardWidget();
    expect(w).toBeDefined();
    const fields = (w?.mappings ?? []).map((m) => m.field);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.filter((f) => !HOMEPAGE_FIELDS.includes(f))).toEqual([]);
    expect(fields).toEqual(
      expect.arrayContaining(["apps.healthy", "apps.total", "pods.ready", "checks.failed"]),
    );
    expect(w?.headers?.Authorization).toMatch(/^Bearer \{\{HOMEPAGE_VAR_[A-Z_]+\}\}$/);
  });
});
