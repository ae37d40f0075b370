import { describe, expect, it } from "vitest";
import { diffObjects, toJson } from "./diff";

const live = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "sonarr",
    resourceVersion: "10",
    generation: 3,
    managedFields: [{ manager: "x" }],
    labels: { a: "1" },
  },
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: "sonarr",
            image: "lscr.io/linuxserver/sonarr:4.0.14",
            env: [{ name: "TZ", value: "Asia/Manila" }],
          },
          { name: "sidecar", image: "busybox" },
        ],
      },
    },
  },
  status: { replicas: 1 },
};

describe("diffObjects", () => {
  it("finds nothing between equal objects, ignoring bookkeeping fields", () => {
    const other = structuredClone(live);
    other.metadata.resourceVersion = "11";
    other.metadata.managedFields = [];
    other.status.replicas = 0;
    expect(diffObjects(toJson(live), toJson(other))).toEqual([]);
  });

  it("names container fields by container name, not index", () => {
    const d = structuredClone(live);
    d.spec.template.spec.containers.reverse();
    d.spec.template.spec.containers[1]!.image = "lscr.io/linuxserver/sonarr:4.0.15";
    expect(diffObjects(toJson(live), toJson(d))).toEqual([
      {
        path: "spec.template.spec.containers[name=sonarr].image",
        op: "change",
        before: '"lscr.io/linuxserver/sonarr:4.0.14"',
        after: '"lscr.io/linuxserver/sonarr:4.0.15"',
      },
    ]);
  });

  it("reports added and removed fields", () => {
    const d = structuredClone(live) as typeof live & {
      metadata: { labels: Record<string, string> };
    };
    delete (d.metadata.labels as Record<string, string>).a;
    d.metadata.labels.b = "2";
    expect(diffObjects(toJson(live), toJson(d))).toEqual([
      { path: "metadata.labels.a", op: "remove", before: '"1"' },
      { path: "metadata.labels.b", op: "add", after: '"2"' },
    ]);
  });

  it("falls back to indexes for unnamed arrays and truncates long values", () => {
    expect(diffObjects({ args: ["a", "b"] }, { args: ["a"] })).toEqual([
      { path: "args[1]", op: "remove", before: '"b"' },
    ]);
    const [c] = diffObjects({ x: "a" }, { x: "b".repeat(1000) });
    expect(c?.after?.length).toBeLessThan(310);
  });

  it("toJson turns Dates into strings and drops undefined", () => {
    expect(toJson({ t: new Date(0), u: undefined })).toEqual({ t: "1970-01-01T00:00:00.000Z" });
  });
});
