// k8s/homepage/services.yaml must agree with the manifests it describes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadStack, readManifests } from "./load";
import type { ManifestObject } from "./types";

const K8S = path.resolve(__dirname, "../../k8s");
const stack = loadStack(path.join(K8S, "media"));
const dashboardRoute = readManifests(path.join(K8S, "dashboard"))
  .map((d) => d.value as ManifestObject)
  .find((o) => o.kind === "HTTPRoute");

interface Entry {
  href: string;
  namespace: string;
  app: string;
  widget: { type: string; url: string; [k: string]: unknown };
}
const groups = parse(readFileSync(path.join(K8S, "homepage/services.yaml"), "utf8")) as Record<
  string,
  Record<string, Entry>[]
>[];
const entries = new Map(
  groups.flatMap((g) =>
    Object.values(g)
      .flat()
      .flatMap((e) => Object.entries(e)),
  ),
);
const VAR = /^\{\{HOMEPAGE_VAR_[A-Z0-9_]+\}\}$/;

describe("k8s/homepage/services.yaml", () => {
  it.each(stack.apps.map((a) => [a.displayName, a] as const))(
    "%s: native widget on the in-cluster Service, link to its route",
    (name, app) => {
      const e = entries.get(name);
      expect(e, `no entry named ${name}`).toBeDefined();
      expect(e).toMatchObject({
        href: `https://${app.host}`,
        namespace: stack.namespace,
        app: app.name,
      });
      expect(e?.widget.type).toBe(app.homepageWidget);
      expect(e?.widget.url).toBe(
        `http://${app.serviceName}.${stack.namespace}.svc.cluster.local:${app.port}`,
      );
      for (const field of ["key", "username", "password"] as const) {
        if (field in (e?.widget ?? {})) expect(e?.widget[field]).toMatch(VAR);
      }
      expect(Object.keys(e?.widget ?? {}).some((k) => ["key", "password"].includes(k))).toBe(true);
    },
  );

  it("lists the dashboard with a customapi widget on /api/homepage and a bearer token variable", () => {
    const e = entries.get("ARR Dashboard");
    expect(e?.href).toBe(
      `https://${String((dashboardRoute?.spec as { hostnames: string[] }).hostnames[0])}`,
    );
    expect(e?.widget).toMatchObject({
      type: "customapi",
      url: "http://arr-dashboard.arr-dashboard.svc.cluster.local:3000/api/homepage",
      headers: { Authorization: "Bearer {{HOMEPAGE_VAR_ARR_DASHBOARD_TOKEN}}" },
    });
    const fields = (e?.widget.mappings as { field: string }[]).map((m) => m.field);
    for (const f of fields)
      expect(["apps.healthy", "apps.total", "pods.ready", "pods.total", "checks.failed"]).toContain(
        f,
      );
  });

  it("has nothing but the stack's apps and the dashboard", () => {
    expect([...entries.keys()].sort()).toEqual(
      [...stack.apps.map((a) => a.displayName), "ARR Dashboard"].sort(),
    );
  });
});
