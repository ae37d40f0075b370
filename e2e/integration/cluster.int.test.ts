// Proves that the local control plane is a real Kubernetes: controllers, scheduler, PV binding,
// rollouts, PodSecurity admission, RBAC and exec all behave as in a homelab cluster.
import { Exec, KubeConfig, CoreV1Api } from "@kubernetes/client-node";
import type { V1Pod } from "@kubernetes/client-node";
import { mkdirSync, statSync, writeFileSync, linkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apps,
  authn,
  core,
  deleteNamespace,
  kc,
  mergePatch,
  statusOf,
  tempNamespace,
  waitFor,
} from "@/e2e/support/kube";

const ready = (p: V1Pod) =>
  p.status?.phase === "Running" &&
  p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True");

async function createDeployment(namespace: string, name: string): Promise<void> {
  await apps.createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: name } },
        strategy: { type: "Recreate" },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [
              {
                name,
                image: "lscr.io/linuxserver/radarr:5.21.1",
                resources: { requests: { cpu: "100m", memory: "256Mi" } },
              },
            ],
          },
        },
      },
    },
  });
}

async function readyPods(namespace: string, app: string): Promise<V1Pod[]> {
  const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` });
  return pods.items.filter((p) => !p.metadata?.deletionTimestamp && ready(p));
}

describe("local control plane", () => {
  let ns: string;
  beforeAll(async () => {
    ns = await tempNamespace("cluster-it");
  });
  afterAll(async () => {
    await deleteNamespace(ns);
  });

  it("has three homelab-sized KWOK nodes that are Ready", async () => {
    const nodes = (await core.listNode()).items;
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    for (const n of nodes) {
      expect(n.metadata?.annotations?.["kwok.x-k8s.io/node"]).toBe("fake");
      expect(n.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
      expect(n.status?.allocatable?.cpu).toBe(process.env.ARR_NODE_CPU ?? "16");
    }
  });

  it("runs a Deployment's pod to Running and Ready on a fake node", async () => {
    await createDeployment(ns, "web");
    const [pod] = await waitFor("a ready pod", async () => {
      const pods = await readyPods(ns, "web");
      return pods.length ? pods : undefined;
    });
    expect(pod?.spec?.nodeName).toMatch(/^k8s-node-\d+$/);
    const node = await core.readNode({ name: pod!.spec!.nodeName! });
    expect(node.metadata?.annotations?.["kwok.x-k8s.io/node"]).toBe("fake");
  });

  it("binds a PVC to a static nfs-class PV through a label selector", async () => {
    const pvName = `${ns}-nfs`;
    await core.createPersistentVolume({
      body: {
        metadata: { name: pvName, labels: { app: pvName } },
        spec: {
          capacity: { storage: "2Ti" },
          accessModes: ["ReadWriteMany"],
          persistentVolumeReclaimPolicy: "Retain",
          storageClassName: "nfs",
          nfs: { server: "10.10.30.4", path: "/Kubernetes/Media" },
        },
      },
    });
    try {
      await core.createNamespacedPersistentVolumeClaim({
        namespace: ns,
        body: {
          metadata: { name: "data" },
          spec: {
            accessModes: ["ReadWriteMany"],
            storageClassName: "nfs",
            resources: { requests: { storage: "2Ti" } },
            selector: { matchLabels: { app: pvName } },
          },
        },
      });
      const pvc = await waitFor("PVC Bound", async () => {
        const c = await core.readNamespacedPersistentVolumeClaim({ name: "data", namespace: ns });
        return c.status?.phase === "Bound" ? c : undefined;
      });
      expect(pvc.spec?.volumeName).toBe(pvName);
    } finally {
      await core
        .deleteNamespacedPersistentVolumeClaim({ name: "data", namespace: ns })
        .catch(() => undefined);
      await core.deletePersistentVolume({ name: pvName }).catch(() => undefined);
    }
  });

  it("binds a longhorn claim through the simulated provisioner", async () => {
    await core.createNamespacedPersistentVolumeClaim({
      namespace: ns,
      body: {
        metadata: { name: "config" },
        spec: {
          accessModes: ["ReadWriteOnce"],
          storageClassName: "longhorn",
          resources: { requests: { storage: "2Gi" } },
        },
      },
    });
    const pvc = await waitFor("longhorn PVC Bound", async () => {
      const c = await core.readNamespacedPersistentVolumeClaim({ name: "config", namespace: ns });
      return c.status?.phase === "Bound" ? c : undefined;
    });
    expect(pvc.status?.capacity?.storage).toBe("2Gi");
  });

  it("rolls a new ReplicaSet and replaces the pod after a restartedAt patch", async () => {
    const [before] = await waitFor("a ready pod", async () => {
      const pods = await readyPods(ns, "web");
      return pods.length ? pods : undefined;
    });
    const rsBefore = before!.metadata!.ownerReferences![0]!.name;
    await apps.patchNamespacedDeployment(
      {
        name: "web",
        namespace: ns,
        body: {
          spec: {
            template: {
              metadata: {
                annotations: { "kubectl.kubernetes.io/restartedAt": new Date().toISOString() },
              },
            },
          },
        },
      },
      mergePatch,
    );
    const [after] = await waitFor("a new ready pod", async () => {
      const pods = await readyPods(ns, "web");
      return pods.length && pods[0]!.metadata!.uid !== before!.metadata!.uid ? pods : undefined;
    });
    expect(after!.metadata!.ownerReferences![0]!.name).not.toBe(rsBefore);
    const rs = await apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: "app=web" });
    expect(rs.items.length).toBe(2);
  });

  it("rejects a privileged pod in a namespace enforcing PodSecurity baseline", async () => {
    const strict = await tempNamespace("pss-it", {
      "pod-security.kubernetes.io/enforce": "baseline",
    });
    try {
      const err = await core
        .createNamespacedPod({
          namespace: strict,
          body: {
            metadata: { name: "bad" },
            spec: {
              containers: [{ name: "c", image: "busybox", securityContext: { privileged: true } }],
            },
          },
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(statusOf(err)).toBe(403);
      expect(String((err as { body?: unknown }).body)).toContain("violates PodSecurity");
      // …while a pod that meets baseline is admitted.
      await core.createNamespacedPod({
        namespace: strict,
        body: {
          metadata: { name: "good" },
          spec: { containers: [{ name: "c", image: "busybox" }] },
        },
      });
    } finally {
      await deleteNamespace(strict);
    }
  });

  it("denies a ServiceAccount without rights (real token from the TokenRequest API)", async () => {
    await core.createNamespacedServiceAccount({
      namespace: ns,
      body: { metadata: { name: "nobody" } },
    });
    const token = await core.createNamespacedServiceAccountToken({
      name: "nobody",
      namespace: ns,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    expect(token.status?.token).toBeTruthy();
    const cluster = kc.getCurrentCluster()!;
    const sa = new KubeConfig();
    sa.loadFromOptions({
      clusters: [
        {
          name: "local",
          server: cluster.server,
          caData: cluster.caData,
          caFile: cluster.caFile,
          skipTLSVerify: cluster.skipTLSVerify,
        },
      ],
      users: [{ name: "nobody", token: token.status!.token }],
      contexts: [{ name: "nobody", cluster: "local", user: "nobody" }],
      currentContext: "nobody",
    });
    const asNobody = sa.makeApiClient(CoreV1Api);
    const err = await asNobody.listNamespacedPod({ namespace: ns }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(statusOf(err)).toBe(403);
    // The token itself is valid: the API server knows who is asking.
    const review = await authn.createTokenReview({
      body: { spec: { token: token.status!.token! } },
    });
    expect(review.status?.user?.username).toBe(`system:serviceaccount:${ns}:nobody`);
  });

  it("execs stat in a pod and sees the simulated NFS tree at /data", async () => {
    const root = process.env.ARR_NFS_ROOT!;
    const dir = join(root, "torrents", `it-${ns}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "movie.mkv");
    writeFileSync(file, "not really a movie");
    linkSync(file, join(dir, "link.mkv"));
    try {
      const [pod] = await waitFor("a ready pod", async () => {
        const pods = await readyPods(ns, "web");
        return pods.length ? pods : undefined;
      });
      let out = "";
      const stdout = new Writable({
        write(chunk, _enc, cb) {
          out += String(chunk);
          cb();
        },
      });
      const status = await new Promise<string>((resolve, reject) => {
        new Exec(kc)
          .exec(
            ns,
            pod!.metadata!.name!,
            "web",
            ["stat", "-c", "%d %i %h", `/data/torrents/it-${ns}/movie.mkv`],
            stdout,
            null,
            null,
            false,
            (s) => resolve(s.status ?? ""),
          )
          .catch(reject);
      });
      expect(status).toBe("Success");
      const st = statSync(file);
      expect(out.trim()).toBe(`${st.dev} ${st.ino} 2`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
