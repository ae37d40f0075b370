// k8s/ against the seed (seed/000_4f8aa7f2a87cd06c.txt, Phase 4.25): every value the seed states
// is checked on the raw objects, so a manifest that drifts from the plan fails here, not at deploy.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadStack, readManifests } from "./load";
import type { ManifestObject } from "./types";

const K8S = path.resolve(__dirname, "../../k8s");
const stack = loadStack(path.join(K8S, "media"));
const dashboard = readManifests(path.join(K8S, "dashboard")).map((d) => d.value as ManifestObject);

type Obj = Record<string, unknown>;
const get = (o: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>(
    (v, k) => (v !== null && typeof v === "object" ? (v as Obj)[k as string] : undefined),
    o,
  );
function find(objects: readonly ManifestObject[], kind: string, name: string): ManifestObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} is missing`);
  return o;
}

// The seed's Target State and Resource Budget tables, and the per-app task lists.
const SEED = [
  {
    app: "prowlarr",
    image: "lscr.io/linuxserver/prowlarr",
    port: 9696,
    host: "prowlarr",
    config: "2Gi",
    cpu: ["50m", "250m"],
    mem: ["128Mi", "256Mi"],
    data: false,
    lsio: true,
  },
  {
    app: "qbittorrent",
    image: "lscr.io/linuxserver/qbittorrent",
    port: 8080,
    host: "qbit",
    config: "2Gi",
    cpu: ["250m", "1"],
    mem: ["256Mi", "1Gi"],
    data: true,
    lsio: true,
  },
  {
    app: "sonarr",
    image: "lscr.io/linuxserver/sonarr",
    port: 8989,
    host: "sonarr",
    config: "2Gi",
    cpu: ["100m", "500m"],
    mem: ["256Mi", "512Mi"],
    data: true,
    lsio: true,
  },
  {
    app: "radarr",
    image: "lscr.io/linuxserver/radarr",
    port: 7878,
    host: "radarr",
    config: "2Gi",
    cpu: ["100m", "1"],
    mem: ["256Mi", "1Gi"],
    data: true,
    lsio: true,
  },
  {
    app: "jellyfin",
    image: "jellyfin/jellyfin",
    port: 8096,
    host: "jellyfin",
    config: "5Gi",
    cpu: ["500m", "4"],
    mem: ["512Mi", "2Gi"],
    data: true,
    lsio: false,
  },
] as const;

describe("k8s/media follows the seed", () => {
  it("namespace media with the seed's Pod Security labels", () => {
    expect(find(stack.objects, "Namespace", "media").metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "baseline",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
  });

  it("the NFS PV and PVC exactly as the seed writes them (4.25.2.2)", () => {
    const pv = find(stack.objects, "PersistentVolume", "arr-data-nfs");
    expect(pv.metadata.labels).toEqual({ type: "nfs", app: "arr" });
    expect(pv.spec).toEqual({
      capacity: { storage: "2Ti" },
      accessModes: ["ReadWriteMany"],
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: "nfs",
      mountOptions: ["hard", "nfsvers=4.1", "rsize=65536", "wsize=65536", "timeo=600"],
      nfs: { server: "10.10.30.4", path: "/Kubernetes/Media" },
    });
    const pvc = find(stack.objects, "PersistentVolumeClaim", "arr-data");
    expect(pvc.metadata).toEqual({ name: "arr-data", namespace: "media", labels: { app: "arr" } });
    expect(pvc.spec).toEqual({
      accessModes: ["ReadWriteMany"],
      storageClassName: "nfs",
      resources: { requests: { storage: "2Ti" } },
      selector: { matchLabels: { app: "arr" } },
    });
  });

  describe.each(SEED)("$app", (seed) => {
    const deployment = find(stack.objects, "Deployment", seed.app);
    const podSpec = get(deployment, "spec", "template", "spec") as Obj;
    const container = (podSpec.containers as Obj[])[0] as Obj;
    const app = stack.apps.find((a) => a.name === seed.app);

    it("port, hostname, Service and route as in the Target State table", () => {
      expect(app).toMatchObject({
        port: seed.port,
        host: `${seed.host}.k8s.rommelporras.com`,
        serviceName: seed.app,
      });
      const service = find(stack.objects, "Service", seed.app);
      expect(get(service, "spec", "type")).toBe("ClusterIP");
      expect(get(container, "ports", 0, "containerPort")).toBe(seed.port);
    });

    it("a pinned image of the seed's repository", () => {
      const image = String(container.image);
      expect(image.startsWith(`${seed.image}:`)).toBe(true);
      expect(image).not.toMatch(/:latest$/);
    });

    it("a Longhorn ReadWriteOnce config claim of the seed's size at /config", () => {
      const claim = find(stack.objects, "PersistentVolumeClaim", `${seed.app}-config`);
      expect(claim.spec).toEqual({
        accessModes: ["ReadWriteOnce"],
        storageClassName: "longhorn",
        resources: { requests: { storage: seed.config } },
      });
      expect(container.volumeMounts).toContainEqual({ name: "config", mountPath: "/config" });
    });

    it("requests and limits from the Resource Budget table", () => {
      expect(container.resources).toEqual({
        requests: { cpu: seed.cpu[0], memory: seed.mem[0] },
        limits: { cpu: seed.cpu[1], memory: seed.mem[1] },
      });
    });

    it("strategy Recreate and no replicas (a deploy never undoes a scale)", () => {
      expect(get(deployment, "spec", "strategy")).toEqual({ type: "Recreate" });
      expect(deployment.spec).not.toHaveProperty("replicas");
    });

    it("the whole data claim at /data, no subPath, where the seed mounts it", () => {
      const mounts = (container.volumeMounts as Obj[]).filter((m) => m.mountPath === "/data");
      const volumes = (podSpec.volumes as Obj[]).filter(
        (v) => get(v, "persistentVolumeClaim", "claimName") === "arr-data",
      );
      if (seed.data) {
        expect(mounts).toEqual([{ name: "data", mountPath: "/data" }]);
        expect(volumes).toEqual([
          { name: "data", persistentVolumeClaim: { claimName: "arr-data" } },
        ]);
      } else {
        expect(mounts).toEqual([]);
        expect(volumes).toEqual([]);
      }
    });

    it("the seed's env", () => {
      const env = Object.fromEntries(
        (container.env as { name: string; value: string }[]).map((e) => [e.name, e.value]),
      );
      expect(env.TZ).toBe("Asia/Manila");
      if (seed.lsio) expect(env).toMatchObject({ PUID: "1000", PGID: "1000" });
      else expect(env).not.toHaveProperty("PUID");
      if (seed.app === "qbittorrent") expect(env.WEBUI_PORT).toBe("8080");
    });

    it("the security context pattern: no escalation, RuntimeDefault seccomp, drop ALL and add back only what the init needs", () => {
      const sc = container.securityContext as Obj;
      expect(sc.allowPrivilegeEscalation).toBe(false);
      expect(get(sc, "seccompProfile", "type")).toBe("RuntimeDefault");
      expect(get(sc, "capabilities", "drop")).toEqual(["ALL"]);
      expect(sc).not.toHaveProperty("privileged");
      const added = (get(sc, "capabilities", "add") as string[] | undefined) ?? [];
      if (seed.lsio) {
        expect(added).toEqual(expect.arrayContaining(["SETUID", "SETGID"]));
        // Everything added must be allowed by Pod Security baseline (the namespace enforces it).
        for (const cap of added)
          expect(["CHOWN", "SETUID", "SETGID", "DAC_OVERRIDE", "FOWNER"]).toContain(cap);
      } else {
        expect(added).toEqual([]);
        expect(get(podSpec, "securityContext", "runAsNonRoot")).toBe(true);
        expect(get(podSpec, "securityContext", "runAsUser")).toBe(1000);
      }
      expect(podSpec.automountServiceAccountToken).toBe(false);
      expect(podSpec).not.toHaveProperty("hostNetwork");
    });

    it("probes on the app's health endpoint", () => {
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const p = container[probe] as Obj;
        expect(p, probe).toBeDefined();
        if (seed.app === "qbittorrent") expect(p.tcpSocket).toEqual({ port: "http" });
        else
          expect(p.httpGet).toEqual({
            path: seed.app === "jellyfin" ? "/health" : "/ping",
            port: "http",
          });
      }
    });

    it("standard labels and Homepage annotations", () => {
      const labels = {
        "app.kubernetes.io/name": seed.app,
        "app.kubernetes.io/instance": seed.app,
        "app.kubernetes.io/part-of": "arr-stack",
      };
      for (const kind of ["Deployment", "Service", "HTTPRoute", "PersistentVolumeClaim"]) {
        const o = find(
          stack.objects,
          kind,
          kind === "PersistentVolumeClaim" ? `${seed.app}-config` : seed.app,
        );
        expect(o.metadata.labels, `${kind} labels`).toMatchObject(labels);
      }
      expect(get(deployment, "spec", "template", "metadata", "labels")).toMatchObject(labels);
      const annotations = find(stack.objects, "HTTPRoute", seed.app).metadata.annotations ?? {};
      expect(annotations).toMatchObject({
        "gethomepage.dev/name": app?.displayName,
        "gethomepage.dev/group": "Media",
        "gethomepage.dev/widget.type": seed.app,
        "gethomepage.dev/widget.url": `http://${seed.app}.media.svc.cluster.local:${seed.port}`,
      });
    });
  });

  it("the CiliumNetworkPolicy: the seed's rules plus Homepage and the dashboard", () => {
    const cnp = find(stack.objects, "CiliumNetworkPolicy", "media");
    const spec = cnp.spec as { endpointSelector: Obj; ingress: Obj[]; egress: Obj[] };
    expect(spec.endpointSelector).toEqual({});
    const fromNamespaces = spec.ingress.flatMap((r) =>
      ((r.fromEndpoints as Obj[] | undefined) ?? []).map(
        (e) => get(e, "matchLabels", "k8s:io.kubernetes.pod.namespace") ?? "(same namespace)",
      ),
    );
    expect(fromNamespaces).toEqual([
      "(same namespace)",
      "gateway",
      "monitoring",
      "home",
      "arr-dashboard",
    ]);
    expect(spec.ingress).toContainEqual({ fromEntities: ["ingress"] });
    // The dashboard reaches the apps' APIs on exactly their container ports, nothing else.
    const fromDashboard = spec.ingress.find((r) =>
      ((r.fromEndpoints as Obj[] | undefined) ?? []).some(
        (e) => get(e, "matchLabels", "k8s:io.kubernetes.pod.namespace") === "arr-dashboard",
      ),
    );
    const allowed = ((fromDashboard?.toPorts as { ports: { port: string }[] }[] | undefined) ?? [])
      .flatMap((p) => p.ports.map((x) => Number(x.port)))
      .sort();
    const containerPorts = stack.objects
      .filter((o) => o.kind === "Deployment")
      .flatMap((d) =>
        (
          get(d, "spec", "template", "spec", "containers") as {
            ports?: { containerPort: number }[];
          }[]
        ).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)),
      )
      .sort();
    expect(allowed).toEqual(containerPorts);
    expect(spec.egress).toContainEqual({ toEntities: ["world"] });
    expect(spec.egress).toContainEqual({ toEndpoints: [{}] });
  });
});

describe("k8s/dashboard", () => {
  const deployment = find(dashboard, "Deployment", "arr-dashboard");
  const podSpec = get(deployment, "spec", "template", "spec") as Obj;
  const container = (podSpec.containers as Obj[])[0] as Obj;

  it("lives in its own namespace under Pod Security restricted", () => {
    const ns = find(dashboard, "Namespace", "arr-dashboard");
    expect(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    for (const o of dashboard)
      if (o.metadata.namespace !== undefined)
        expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe("arr-dashboard");
  });

  it("a pod that passes restricted: numeric non-root user, read-only root, drop ALL, seccomp", () => {
    expect(podSpec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect((container.volumeMounts as Obj[]).map((m) => m.mountPath)).toEqual([
      "/tmp",
      "/app/.next/cache",
      // Revoked sessions and throttle counters, kept across restarts (issue 17, item 7).
      "/var/lib/arr-dashboard",
    ]);
    expect(podSpec.serviceAccountName).toBe("arr-dashboard");
  });

  it("takes its secrets from Secrets by reference", () => {
    const env = container.env as {
      name: string;
      value?: string;
      valueFrom?: { secretKeyRef?: { name: string; key: string } };
    }[];
    const refs = Object.fromEntries(
      env.filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom?.secretKeyRef]),
    );
    expect(refs).toEqual({
      ARR_ADMIN_PASSWORD_HASH: { name: "arr-dashboard-auth", key: "password-hash" },
      ARR_SESSION_SECRET: { name: "arr-dashboard-auth", key: "session-secret" },
      ARR_HOMEPAGE_TOKEN: { name: "arr-dashboard-homepage", key: "token" },
    });
  });

  it("is routed at dash.k8s.rommelporras.com with Homepage annotations", () => {
    const route = find(dashboard, "HTTPRoute", "arr-dashboard");
    expect(get(route, "spec", "hostnames")).toEqual(["dash.k8s.rommelporras.com"]);
    expect(route.metadata.annotations?.["gethomepage.dev/widget.type"]).toBe("customapi");
  });

  it("does not publish /api/metrics and /api/readyz through the Gateway", () => {
    type Rule = {
      matches: { path: { type: string; value: string } }[];
      backendRefs?: unknown[];
      filters?: { type: string }[];
    };
    const rules = get(find(dashboard, "HTTPRoute", "arr-dashboard"), "spec", "rules") as Rule[];
    for (const internal of ["/api/metrics", "/api/readyz"]) {
      // Gateway API: the longest matching path prefix wins.
      const winner = rules
        .flatMap((r) => r.matches.map((m) => ({ r, m })))
        .filter(({ m }) => m.path.type === "PathPrefix" && internal.startsWith(m.path.value))
        .sort((a, b) => b.m.path.value.length - a.m.path.value.length)[0];
      expect(winner?.m.path.value, internal).toBe(internal);
      expect(winner?.r.backendRefs, internal).toBeUndefined();
      expect(
        winner?.r.filters?.map((f) => f.type),
        internal,
      ).toEqual(["RequestRedirect"]);
    }
  });

  it("may reach the API server through the kube-apiserver entity", () => {
    const cnp = find(dashboard, "CiliumNetworkPolicy", "arr-dashboard");
    expect(get(cnp, "spec", "egress")).toContainEqual(
      expect.objectContaining({ toEntities: ["kube-apiserver"] }),
    );
  });

  it("the admission policies' parameters name the stack's own NFS export", () => {
    const params = find(dashboard, "ConfigMap", "arr-dashboard-guard");
    // (and the stack's names, images and hostnames: lib/stack/guard.test.ts)
    expect(params.data).toMatchObject({
      stackNamespace: stack.namespace,
      pvName: stack.dataVolume.pvName,
      nfsServer: stack.dataVolume.server,
      nfsPath: stack.dataVolume.path,
    });
  });
});

describe("all of k8s/", () => {
  const everything = [...stack.objects, ...dashboard];
  it("commits no Secret and pins every image", () => {
    expect(everything.filter((o) => o.kind === "Secret")).toEqual([]);
    const images = JSON.stringify(everything).match(/"image":"[^"]+"/g) ?? [];
    expect(images.length).toBe(6);
    for (const image of images) expect(image).toMatch(/:[\w][\w.-]*"$/);
    for (const image of images) expect(image).not.toMatch(/:latest"$/);
  });
});
