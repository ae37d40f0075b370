import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildStack, loadStack, StackLoadError } from "./load";

const MEDIA = path.resolve(__dirname, "../../k8s/media");

let work: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "arr-stack-"));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

/** A copy of k8s/media with `file` edited by `edit`. */
function mutated(file: string, edit: (text: string) => string): string {
  const dir = path.join(work, "media");
  cpSync(MEDIA, dir, { recursive: true });
  const target = path.join(dir, file);
  const before = readFileSync(target, "utf8");
  const after = edit(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  writeFileSync(target, after);
  return dir;
}

function loadError(source: string): StackLoadError {
  try {
    loadStack(source);
  } catch (e) {
    if (e instanceof StackLoadError) return e;
    throw e;
  }
  throw new Error(`loading ${source} succeeded`);
}

describe("loadStack on k8s/media", () => {
  const stack = loadStack(MEDIA);

  it("derives the five apps in the kustomization's order", () => {
    expect(stack.namespace).toBe("media");
    expect(stack.apps.map((a) => [a.name, a.displayName, a.port, a.host, a.serviceName])).toEqual([
      ["prowlarr", "Prowlarr", 9696, "prowlarr.k8s.rommelporras.com", "prowlarr"],
      ["qbittorrent", "qBittorrent", 8080, "qbit.k8s.rommelporras.com", "qbittorrent"],
      ["sonarr", "Sonarr", 8989, "sonarr.k8s.rommelporras.com", "sonarr"],
      ["radarr", "Radarr", 7878, "radarr.k8s.rommelporras.com", "radarr"],
      ["jellyfin", "Jellyfin", 8096, "jellyfin.k8s.rommelporras.com", "jellyfin"],
    ]);
  });

  it("takes versions from pinned image tags", () => {
    for (const app of stack.apps) {
      expect(app.image.endsWith(`:${app.version}`)).toBe(true);
      expect(app.version).not.toBe("latest");
    }
  });

  it("knows which apps mount /data (Prowlarr does not, per the seed)", () => {
    expect(stack.apps.filter((a) => a.mountsData).map((a) => a.name)).toEqual([
      "qbittorrent",
      "sonarr",
      "radarr",
      "jellyfin",
    ]);
  });

  it("carries display metadata from the annotations", () => {
    const radarr = stack.apps.find((a) => a.name === "radarr");
    expect(radarr).toMatchObject({
      homepageWidget: "radarr",
      icon: "radarr.png",
      containerName: "radarr",
    });
    expect(radarr?.selector).toEqual({
      "app.kubernetes.io/name": "radarr",
      "app.kubernetes.io/instance": "radarr",
    });
  });

  it("describes the NFS data volume as the seed writes it", () => {
    expect(stack.dataVolume).toEqual({
      pvName: "arr-data-nfs",
      pvcName: "arr-data",
      server: "10.10.30.4",
      path: "/Kubernetes/Media",
      mountOptions: ["hard", "nfsvers=4.1", "rsize=65536", "wsize=65536", "timeo=600"],
      capacity: "2Ti",
      reclaimPolicy: "Retain",
      storageClassName: "nfs",
      mountPath: "/data",
    });
  });

  it("returns objects in apply order", () => {
    const kinds = stack.objects.map((o) => o.kind);
    const order = [
      "Namespace",
      "RoleBinding",
      "PersistentVolume",
      "PersistentVolumeClaim",
      "Deployment",
      "Service",
      "HTTPRoute",
      "CiliumNetworkPolicy",
    ];
    expect([...new Set(kinds)]).toEqual(order);
    expect(kinds.map((k) => order.indexOf(k))).toEqual(
      [...kinds.map((k) => order.indexOf(k))].sort((a, b) => a - b),
    );
    expect(stack.objects).toHaveLength(1 + 1 + 1 + 6 + 5 + 5 + 5 + 1);
  });

  it("keeps the raw objects intact (applied as written)", () => {
    const pv = stack.objects.find((o) => o.kind === "PersistentVolume");
    expect(pv?.spec).toMatchObject({ nfs: { server: "10.10.30.4", path: "/Kubernetes/Media" } });
    const deployment = stack.objects.find((o) => o.kind === "Deployment");
    expect(deployment?.spec).not.toHaveProperty("replicas");
  });

  it("defaults to ARR_MANIFESTS, then ./k8s/media", () => {
    vi.stubEnv("ARR_MANIFESTS", path.join(work, "missing"));
    expect(() => loadStack()).toThrow(/missing: cannot read it \(ENOENT\)/);
    vi.unstubAllEnvs();
    const cwd = process.cwd();
    try {
      process.chdir(path.resolve(MEDIA, "../.."));
      expect(loadStack().apps).toHaveLength(5);
    } finally {
      process.chdir(cwd);
    }
  });

  it("accepts the kustomization file itself as the source", () => {
    expect(loadStack(path.join(MEDIA, "kustomization.yaml")).apps).toHaveLength(5);
  });
});

describe("loadStack on one rendered file (an overlay's `kubectl kustomize` output)", () => {
  it("reads a multi-document YAML file and yields the same stack", () => {
    const stack = loadStack(MEDIA);
    const rendered = path.join(work, "stack.yaml");
    writeFileSync(
      rendered,
      stack.objects.map((o) => JSON.stringify(o)).join("\n---\n") + "\n---\n",
    );
    const fromFile = loadStack(rendered);
    expect(fromFile.apps).toEqual(stack.apps);
    expect(fromFile.objects).toEqual(stack.objects);
  });

  it("flattens a `kind: List`", () => {
    const stack = loadStack(MEDIA);
    const rendered = path.join(work, "list.yaml");
    writeFileSync(
      rendered,
      JSON.stringify({ apiVersion: "v1", kind: "List", items: stack.objects }),
    );
    expect(loadStack(rendered).apps).toEqual(stack.apps);
  });

  it("names the line of a YAML syntax error", () => {
    const rendered = path.join(work, "broken.yaml");
    writeFileSync(rendered, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [media\n");
    expect(loadError(rendered).message).toMatch(/broken\.yaml: line \d+: invalid YAML/);
  });
});

describe("kustomization support", () => {
  it("refuses what it does not implement and says how to render instead", () => {
    const dir = mutated(
      "kustomization.yaml",
      (t) => `${t}patches:\n  - path: tz.yaml\nnamespace: other\n`,
    );
    const err = loadError(dir);
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatch(
      /media\/kustomization\.yaml: `patches`, `namespace` are not implemented by the dashboard's loader/,
    );
    expect(err.issues[0]).toMatch(/kubectl kustomize .*media > stack\.yaml.*ARR_MANIFESTS/);
  });

  it("refuses remote resources", () => {
    const dir = mutated("kustomization.yaml", (t) =>
      t.replace("  - namespace.yaml", "  - https://github.com/x/y//k8s?ref=v1"),
    );
    expect(loadError(dir).message).toMatch(/is remote/);
  });

  it("names a missing resource", () => {
    const dir = mutated("kustomization.yaml", (t) =>
      t.replace("  - namespace.yaml", "  - nope.yaml"),
    );
    expect(loadError(dir).message).toMatch(/resource "nope\.yaml" does not exist/);
  });

  it("needs a kustomization in a directory resource", () => {
    const dir = mutated("kustomization.yaml", (t) =>
      t.replace("  - networkpolicy.yaml", "  - networkpolicy.yaml\n  - ../"),
    );
    expect(loadError(dir).message).toMatch(/directory has no kustomization\.yaml|cycle/);
  });

  it("detects cycles", () => {
    const dir = mutated("prowlarr/kustomization.yaml", (t) => `${t}  - ..\n`);
    expect(loadError(dir).message).toMatch(/resources form a cycle/);
  });
});

describe("validation errors name the file, object and field", () => {
  it.each([
    [
      "sonarr/deployment.yaml",
      (t: string) => t.replace("  strategy:\n", "  replicas: 2\n  strategy:\n"),
      /sonarr\/deployment\.yaml Deployment\/sonarr: spec\.replicas: must be left out/,
    ],
    [
      "sonarr/deployment.yaml",
      (t: string) => t.replace("type: Recreate", "type: RollingUpdate"),
      /Deployment\/sonarr: spec\.strategy\.type: must be "Recreate"/,
    ],
    [
      "radarr/deployment.yaml",
      (t: string) => t.replace(/\n {12}limits:\n {14}cpu: "1"\n {14}memory: 1Gi/, ""),
      /Deployment\/radarr: spec\.template\.spec\.containers\[0\]\.resources\.limits: /,
    ],
    [
      "radarr/deployment.yaml",
      (t: string) => t.replace("memory: 256Mi", "memory: 256MB"),
      /Deployment\/radarr: spec\.template\.spec\.containers\[0\]\.resources\.requests\.memory: must be a Kubernetes quantity/,
    ],
    [
      "jellyfin/deployment.yaml",
      (t: string) => t.replace("jellyfin/jellyfin:10.11.11", "jellyfin/jellyfin:latest"),
      /Deployment\/jellyfin: spec\.template\.spec\.containers\[0\]\.image: must be pinned to a version, not `latest`/,
    ],
    [
      "jellyfin/deployment.yaml",
      (t: string) => t.replace("jellyfin/jellyfin:10.11.11", "jellyfin/jellyfin"),
      /image: must name an explicit tag/,
    ],
    [
      "jellyfin/deployment.yaml",
      (t: string) =>
        t.replace("mountPath: /data", "mountPath: /data\n              subPath: media"),
      /Deployment\/jellyfin: .*volumeMounts\[1\]\.subPath must be left out/,
    ],
    [
      "jellyfin/deployment.yaml",
      (t: string) => t.replace("mountPath: /config", "mountPath: /settings"),
      /Deployment\/jellyfin: container "jellyfin" must mount a PersistentVolumeClaim from the manifests at \/config/,
    ],
    [
      "prowlarr/deployment.yaml",
      (t: string) => t.replace("claimName: prowlarr-config", "claimName: elsewhere"),
      /uses claim "elsewhere", which is not in the manifests/,
    ],
    [
      "prowlarr/service.yaml",
      (t: string) => t.replace("targetPort: http", "targetPort: 9999"),
      /Service\/prowlarr: no port targets a containerPort of Deployment\/prowlarr/,
    ],
    [
      "prowlarr/service.yaml",
      (t: string) =>
        t.replace(
          /app\.kubernetes\.io\/instance: prowlarr\n(?= {2}ports)/,
          "app.kubernetes.io/instance: other\n",
        ),
      /Deployment\/prowlarr: expected exactly one Service selecting its pods, found 0/,
    ],
    [
      "qbittorrent/deployment.yaml",
      (t: string) =>
        t.replace(
          "  labels:\n    app.kubernetes.io/name: qbittorrent\n    app.kubernetes.io/instance: qbittorrent\n    app.kubernetes.io/component: download-client\n    app.kubernetes.io/part-of: arr-stack\nspec:\n  # No",
          "spec:\n  # No",
        ),
      /Deployment\/qbittorrent: metadata\.labels: /,
    ],
    [
      "namespace.yaml",
      (t: string) => t.replace("    pod-security.kubernetes.io/enforce: baseline\n", ""),
      /namespace\.yaml Namespace\/media: metadata\.labels\.pod-security\.kubernetes\.io\/enforce: must be set to baseline or restricted/,
    ],
    [
      "namespace.yaml",
      (t: string) => t.replace("enforce: baseline", "enforce: privileged"),
      /enforce: must be set to baseline or restricted/,
    ],
    [
      "nfs-pv-pvc.yaml",
      (t: string) =>
        t.replace(
          / {2}nfs:\n {4}server: 10\.10\.30\.4\n/,
          "  hostPath:\n    path: /\n  nfs0:\n    server: 10.10.30.4\n",
        ),
      /PersistentVolume\/arr-data-nfs: spec\.nfs: /,
    ],
    [
      "nfs-pv-pvc.yaml",
      (t: string) => t.replace("      app: arr\n", "      app: other\n"),
      /PersistentVolume\/arr-data-nfs: expected exactly one PersistentVolumeClaim bound to it/,
    ],
    [
      "nfs-pv-pvc.yaml",
      (t: string) => t.replace("  namespace: media\n", ""),
      /PersistentVolumeClaim\/arr-data: metadata\.namespace is required/,
    ],
    [
      "sonarr/service.yaml",
      (t: string) => t.replace("namespace: media", "namespace: default"),
      /Service\/sonarr: metadata\.namespace is "default", the stack's namespace is "media"/,
    ],
    [
      "sonarr/httproute.yaml",
      (t: string) =>
        t.replace(
          "apiVersion: gateway.networking.k8s.io/v1",
          "apiVersion: gateway.networking.k8s.io/v1beta1",
        ),
      /HTTPRoute\/sonarr: apiVersion must be gateway\.networking\.k8s\.io\/v1/,
    ],
    [
      "sonarr/httproute.yaml",
      (t: string) => t.replace(/ {2}hostnames:\n {4}- sonarr\.k8s\.rommelporras\.com\n/, ""),
      /HTTPRoute\/sonarr: spec\.hostnames: /,
    ],
    [
      "networkpolicy.yaml",
      (t: string) =>
        `${t}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\n  namespace: media\n`,
      /Secret\/leaked: kind Secret is not part of the stack/,
    ],
    [
      "networkpolicy.yaml",
      (t: string) => `${t}---\nkind: ConfigMap\n`,
      /networkpolicy\.yaml \(document 2\): apiVersion: /,
    ],
    [
      "networkpolicy.yaml",
      (t: string) => `${t}---\n${readFileSync(path.join(MEDIA, "namespace.yaml"), "utf8")}`,
      /Namespace\/media: defined twice/,
    ],
  ])("%s: %s", (file, edit, expected) => {
    const err = loadError(mutated(file, edit));
    expect(err.message).toMatch(expected);
  });

  it("reports every problem at once", () => {
    const dir = mutated("sonarr/deployment.yaml", (t) =>
      t
        .replace("  strategy:\n", "  replicas: 2\n  strategy:\n")
        .replace("memory: 256Mi", "memory: lots"),
    );
    expect(loadError(dir).issues).toHaveLength(2);
  });
});

describe("buildStack", () => {
  it("needs exactly one Namespace and one PersistentVolume", () => {
    expect(() => buildStack([], "empty")).toThrow(/expected exactly one Namespace, found 0/);
  });
});
