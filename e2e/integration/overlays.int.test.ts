// The example overlays render with the real kustomize (the control plane's kubectl), the loader
// takes the rendered stack through ARR_MANIFESTS, and every rendered object passes a server-side
// dry-run apply.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stackBudget } from "@/lib/budget/budget";
import { loadStack, StackLoadError } from "@/lib/stack/load";
import type { ManifestObject } from "@/lib/stack/types";
import { core, statusOf, waitFor } from "@/e2e/support/kube";
import { applyAll, REPO } from "./support/manifests";
import { deleteStack } from "../support/stack";

function kubectl(): string {
  const bin = process.env.ARR_BIN_DIR;
  if (!bin)
    throw new Error(
      "ARR_BIN_DIR is not set: it names the control plane's binaries (kubectl among them); `npm run cluster:up` prints it",
    );
  return path.join(bin, "kubectl");
}

function render(overlay: string): string {
  return execFileSync(kubectl(), ["kustomize", path.join(REPO, overlay)], { encoding: "utf8" });
}

const objectsOf = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS() as ManifestObject);

describe("k8s/overlays/example (the stack)", () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "arr-overlay-"));
    file = path.join(dir, "stack.yaml");
    writeFileSync(file, render("k8s/overlays/example"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    vi.unstubAllEnvs();
  });

  it("renders, and the loader reads the output through ARR_MANIFESTS", () => {
    vi.stubEnv("ARR_MANIFESTS", file);
    const stack = loadStack();
    // kustomize sorts its output by kind and name, so the apps come in that order here.
    expect(stack.apps.map((a) => a.host).sort()).toEqual([
      "jellyfin.home.example.org",
      "prowlarr.home.example.org",
      "qbit.home.example.org",
      "radarr.home.example.org",
      "sonarr.home.example.org",
    ]);
    expect(stack.dataVolume).toMatchObject({
      server: "192.0.2.10",
      path: "/export/media",
      mountPath: "/data",
    });
    for (const d of stack.objects.filter((o) => o.kind === "Deployment")) {
      expect(JSON.stringify(d)).toContain('{"name":"TZ","value":"Europe/Berlin"}');
    }
    for (const r of stack.objects.filter((o) => o.kind === "HTTPRoute")) {
      expect((r.spec as { parentRefs: unknown[] }).parentRefs).toEqual([
        {
          group: "gateway.networking.k8s.io",
          kind: "Gateway",
          name: "main-gateway",
          namespace: "gateway-system",
          sectionName: "https",
        },
      ]);
    }
    // What an overlay does not touch stays the seed's: the budget is unchanged.
    expect(stackBudget(stack.apps).total.requests.cpuMillis).toBe(1000);
  });

  it("cannot be read unrendered: the loader says to run kubectl kustomize", () => {
    let error: unknown;
    try {
      loadStack(path.join(REPO, "k8s/overlays/example"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StackLoadError);
    expect(String(error)).toMatch(
      /`patches` is not implemented by the dashboard's loader.*kubectl kustomize .*overlays\/example > stack\.yaml/s,
    );
  });
});

describe("the example overlays on the local control plane", () => {
  const created: string[] = [];
  beforeAll(async () => {
    // A stack left deployed by an earlier file holds the seed's PV, whose NFS source is
    // immutable: the overlay's dry run would conflict with it. Start from no stack.
    await deleteStack();
    // Namespaced dry runs need their namespace; create what is missing and remove it afterwards.
    for (const name of ["media", "arr-dashboard"]) {
      try {
        await core.readNamespace({ name });
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
        await core.createNamespace({ body: { metadata: { name } } });
        created.push(name);
      }
    }
  });
  afterAll(async () => {
    for (const name of created) {
      await core.deleteNamespace({ name });
      await waitFor(
        `namespace ${name} to be gone`,
        () =>
          core.readNamespace({ name }).then(
            () => false,
            (err: unknown) => statusOf(err) === 404,
          ),
        120_000,
      );
    }
  });

  it.each(["k8s/overlays/example", "k8s/overlays/example-dashboard"])(
    "%s: every rendered object passes a server-side dry-run apply",
    async (overlay) => {
      const objects = objectsOf(render(overlay));
      expect(objects.length).toBeGreaterThan(10);
      expect(await applyAll(objects, { dryRun: true })).toEqual([]);
    },
  );

  it("k8s/overlays/example-dashboard: the policy parameters follow the overlay's NFS export", () => {
    const objects = objectsOf(render("k8s/overlays/example-dashboard"));
    const params = objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata.name === "arr-dashboard-guard",
    );
    expect(params?.data).toMatchObject({ nfsServer: "192.0.2.10", nfsPath: "/export/media" });
    const route = objects.find((o) => o.kind === "HTTPRoute");
    expect((route?.spec as { hostnames: string[] }).hostnames).toEqual(["dash.home.example.org"]);
    expect(JSON.stringify(objects)).toContain(
      '"image":"registry.home.example.org/arr-dashboard:0.1.0"',
    );
  });
});
