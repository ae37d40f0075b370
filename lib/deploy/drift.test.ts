import { describe, expect, it } from "vitest";
import type { JsonValue } from "./diff";
import { driftFromEntries, findDrift, foreignFields, takeOverEntries } from "./drift";
import type { ManagedFieldsEntry } from "@/lib/cluster/types";

const OWN = ["arr-dashboard"];

/** The radarr Deployment as the manifests have it (the parts that matter here). */
const manifest = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "radarr", namespace: "media", labels: { "app.kubernetes.io/name": "radarr" } },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          {
            name: "radarr",
            image: "lscr.io/linuxserver/radarr:5.14.0",
            volumeMounts: [
              { name: "config", mountPath: "/config" },
              { name: "data", mountPath: "/data" },
            ],
          },
        ],
      },
    },
  },
};

const applied: ManagedFieldsEntry = {
  manager: "arr-dashboard",
  operation: "Apply",
  apiVersion: "apps/v1",
  time: "2026-11-30T10:00:00Z",
  fieldsType: "FieldsV1",
  fieldsV1: {
    "f:metadata": { "f:labels": { "f:app.kubernetes.io/name": {} } },
    "f:spec": {
      "f:replicas": {},
      "f:template": {
        "f:spec": {
          "f:containers": {
            'k:{"name":"radarr"}': {
              ".": {},
              "f:image": {},
              "f:name": {},
              "f:volumeMounts": {
                'k:{"mountPath":"/config"}': { ".": {}, "f:mountPath": {}, "f:name": {} },
                'k:{"mountPath":"/data"}': { ".": {}, "f:mountPath": {}, "f:name": {} },
              },
            },
          },
        },
      },
    },
  },
};
const controller: ManagedFieldsEntry = {
  manager: "kube-controller-manager",
  operation: "Update",
  apiVersion: "apps/v1",
  time: "2026-11-30T10:00:01Z",
  fieldsType: "FieldsV1",
  fieldsV1: {
    "f:metadata": { "f:annotations": { ".": {}, "f:deployment.kubernetes.io/revision": {} } },
  },
};
const statusWrite: ManagedFieldsEntry = {
  manager: "kube-controller-manager",
  operation: "Update",
  subresource: "status",
  fieldsType: "FieldsV1",
  fieldsV1: { "f:status": { "f:replicas": {} } },
};
// F10's input: kubectl -n media patch deploy radarr --type=json -p '[{"op":"add",
// "path":"/spec/template/spec/containers/0/volumeMounts/-","value":{"name":"data",
// "mountPath":"/data/media","subPath":"media"}}]'
const patched: ManagedFieldsEntry = {
  manager: "kubectl-patch",
  operation: "Update",
  apiVersion: "apps/v1",
  time: "2026-11-30T11:00:00Z",
  fieldsType: "FieldsV1",
  fieldsV1: {
    "f:spec": {
      "f:template": {
        "f:spec": {
          "f:containers": {
            'k:{"name":"radarr"}': {
              "f:volumeMounts": {
                'k:{"mountPath":"/data/media"}': {
                  ".": {},
                  "f:mountPath": {},
                  "f:name": {},
                  "f:subPath": {},
                },
              },
            },
          },
        },
      },
    },
  },
};

function live(
  entries: ManagedFieldsEntry[],
  extraMount = true,
  extra: Record<string, unknown> = {},
): JsonValue {
  const o = structuredClone(manifest) as Record<string, unknown> & typeof manifest;
  o.metadata = {
    ...o.metadata,
    annotations: { "deployment.kubernetes.io/revision": "2" },
    managedFields: entries,
  } as typeof o.metadata;
  const c = o.spec.template.spec.containers[0]!;
  (c as Record<string, unknown>).imagePullPolicy = "IfNotPresent"; // defaulted
  if (extraMount)
    c.volumeMounts.push({ name: "data", mountPath: "/data/media", subPath: "media" } as never);
  return { ...o, ...extra } as unknown as JsonValue;
}

describe("findDrift (F10)", () => {
  it("reports the volumeMount added by kubectl patch, with its manager", () => {
    const d = findDrift(
      live([applied, controller, statusWrite, patched]),
      manifest as unknown as JsonValue,
      OWN,
    );
    expect(d).toEqual([
      {
        path: "spec.template.spec.containers[name=radarr].volumeMounts[mountPath=/data/media]",
        manager: "kubectl-patch",
        operation: "Update",
        time: "2026-11-30T11:00:00Z",
        value: '{"name":"data","mountPath":"/data/media","subPath":"media"}',
      },
    ]);
  });

  it("is empty without foreign managers: controllers, defaulting and status are not drift", () => {
    expect(
      findDrift(
        live([applied, controller, statusWrite], false),
        manifest as unknown as JsonValue,
        OWN,
      ),
    ).toEqual([]);
  });

  it("does not count the scale subresource (kubectl scale) as drift", () => {
    const scaled: ManagedFieldsEntry = {
      manager: "kubectl",
      operation: "Update",
      subresource: "scale",
      fieldsType: "FieldsV1",
      fieldsV1: { "f:spec": { "f:replicas": {} } },
    };
    expect(
      findDrift(live([applied, scaled], false), manifest as unknown as JsonValue, OWN),
    ).toEqual([]);
  });

  it("reports kubectl edit and client-side apply fields, but not a field the manifest also sets", () => {
    const edit: ManagedFieldsEntry = {
      manager: "kubectl-edit",
      operation: "Update",
      time: "2026-11-30T12:00:00Z",
      fieldsType: "FieldsV1",
      fieldsV1: {
        "f:spec": {
          "f:template": {
            "f:spec": {
              "f:containers": {
                'k:{"name":"radarr"}': {
                  "f:image": {},
                  "f:env": {
                    ".": {},
                    'k:{"name":"DEBUG"}': { ".": {}, "f:name": {}, "f:value": {} },
                  },
                },
              },
            },
          },
        },
      },
    };
    const csa: ManagedFieldsEntry = {
      manager: "kubectl-client-side-apply",
      operation: "Update",
      time: "2026-11-30T09:00:00Z",
      fieldsType: "FieldsV1",
      fieldsV1: {
        "f:metadata": {
          "f:annotations": {
            "f:kubectl.kubernetes.io/last-applied-configuration": {},
            "f:team": {},
          },
        },
      },
    };
    const l = live([applied, edit, csa], false) as Record<string, never>;
    const meta = l.metadata as unknown as { annotations: Record<string, string> };
    meta.annotations.team = "media";
    meta.annotations["kubectl.kubernetes.io/last-applied-configuration"] = "{}";
    const c = (l.spec as unknown as typeof manifest.spec).template.spec.containers[0] as Record<
      string,
      unknown
    >;
    c.env = [{ name: "DEBUG", value: "1" }];
    const d = findDrift(l as unknown as JsonValue, manifest as unknown as JsonValue, OWN);
    expect(d.map((x) => `${x.manager} ${x.path}`)).toEqual([
      "kubectl-client-side-apply metadata.annotations.team",
      "kubectl-edit spec.template.spec.containers[name=radarr].env",
    ]);
  });

  it("ignores a field a foreign manager once owned that is gone now", () => {
    expect(
      findDrift(live([applied, patched], false), manifest as unknown as JsonValue, OWN),
    ).toEqual([]);
  });
});

describe("takeOverEntries", () => {
  it("moves the drifting manager's fields into the dashboard's Apply entry and drops its entry", () => {
    const entries = [applied, controller, statusWrite, patched];
    const drift = findDrift(live(entries), manifest as unknown as JsonValue, OWN);
    const next = takeOverEntries(
      entries,
      drift,
      "arr-dashboard",
      "apps/v1",
      "2026-11-30T13:00:00Z",
    );
    expect(next?.map((e) => `${e.manager}/${e.subresource ?? ""}`)).toEqual([
      "kube-controller-manager/",
      "kube-controller-manager/status",
      "arr-dashboard/",
    ]);
    const mine = JSON.stringify(next?.at(-1)?.fieldsV1);
    expect(mine).toContain('k:{\\"mountPath\\":\\"/data/media\\"}');
    expect(mine).toContain('k:{\\"mountPath\\":\\"/config\\"}');
  });

  it("returns null when there is no drift", () => {
    expect(
      takeOverEntries([applied], [], "arr-dashboard", "apps/v1", "2026-11-30T13:00:00Z"),
    ).toBeNull();
  });
});

describe("foreignFields", () => {
  it("keeps only what foreign managers own, and finds the same drift from it", () => {
    const l = live([applied, controller, statusWrite, patched]);
    const kept = foreignFields(l, OWN);
    expect(kept?.entries.map((e) => e.manager)).toEqual(["kubectl-patch"]);
    expect(JSON.stringify(kept?.live)).not.toContain("lscr.io"); // the image is ours, not kept
    expect(
      driftFromEntries(kept!.entries, kept!.live, manifest as unknown as JsonValue, []),
    ).toEqual(findDrift(l, manifest as unknown as JsonValue, OWN));
  });

  it("is undefined when only the dashboard and controllers manage the object", () => {
    expect(foreignFields(live([applied, controller, statusWrite], false), OWN)).toBeUndefined();
  });
});
