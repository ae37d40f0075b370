// The manifests under k8s/ against the real local control plane: server-side dry runs, Pod
// Security, the dashboard's RBAC as a table of allowed and denied requests, and its admission
// policies, with the ServiceAccount both impersonated and holding a real TokenRequest token.
import {
  AuthorizationV1Api,
  CoreV1Api,
  Exec,
  RbacAuthorizationV1Api,
  type KubeConfig,
  type KubernetesObject,
  type V1Pod,
  type V1RoleBinding,
} from "@kubernetes/client-node";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hardlinkAuditCommand, killCommand } from "@/lib/hardlinks/command";
import { MAX_PAIR_STAT_PATHS, pairStatCommand, type ImportPair } from "@/lib/hardlinks/pairs";
import { allowedExecCommands } from "@/lib/stack/guard";
import { loadStack } from "@/lib/stack/load";
import type { ManifestObject } from "@/lib/stack/types";
import { apps, core, kc, mergePatch, statusOf, waitFor } from "@/e2e/support/kube";
import {
  apply,
  applyAll,
  dashboardTokenConfig,
  DASHBOARD_NAMESPACE,
  DASHBOARD_USER,
  describeError,
  impersonatingDashboard,
  objectApi,
  REPO,
  tree,
} from "./support/manifests";

const stack = loadStack(path.join(REPO, "k8s/media"));
const dashboard = tree("k8s/dashboard");
const MEDIA = stack.namespace;
const PV = stack.dataVolume.pvName;
const authz = kc.makeApiClient(AuthorizationV1Api);

/** Names of throwaway objects the rejection tests try to create; removed again in afterAll. */
const PROBE = { pv: "arr-test-hostpath", ns: "arr-test-not-media", rb: "arr-test-binding" };

async function gone(
  what: string,
  read: () => Promise<unknown>,
  timeoutMs = 120_000,
): Promise<void> {
  await waitFor(
    `${what} to be gone`,
    async () => {
      try {
        await read();
        return false;
      } catch (err) {
        if (statusOf(err) === 404) return true;
        throw err;
      }
    },
    timeoutMs,
  );
}

/** Removes the stack and anything a rejection test might have created by mistake (as admin). */
async function removeStack(): Promise<void> {
  const ignore404 = (err: unknown) => {
    if (statusOf(err) !== 404) throw err;
  };
  await core.deleteNamespace({ name: MEDIA }).catch(ignore404);
  await core.deleteNamespace({ name: PROBE.ns }).catch(ignore404);
  await core.deletePersistentVolume({ name: PROBE.pv }).catch(ignore404);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  await rbac
    .deleteNamespacedRoleBinding({ name: PROBE.rb, namespace: "kube-system" })
    .catch(ignore404);
  await rbac
    .deleteNamespacedRoleBinding({ name: "arr-dashboard", namespace: "kube-system" })
    .catch(ignore404);
  await gone(`namespace ${MEDIA}`, () => core.readNamespace({ name: MEDIA }));
  await core.deletePersistentVolume({ name: PV }).catch(ignore404);
  await gone(`PersistentVolume ${PV}`, () => core.readPersistentVolume({ name: PV }));
}

/** Expects `fn` to be refused with 403 and returns the API server's message. */
async function forbidden(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (err) {
    expect(statusOf(err), describeError(err)).toBe(403);
    return describeError(err);
  }
  throw new Error("the request was allowed");
}

const isReady = (p: V1Pod) =>
  !p.metadata?.deletionTimestamp &&
  p.status?.phase === "Running" &&
  p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True");

function hostPathPv(name: string): ManifestObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name },
    spec: {
      capacity: { storage: "1Gi" },
      accessModes: ["ReadWriteOnce"],
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: "nfs",
      hostPath: { path: "/" },
    },
  };
}

function stackPv(): ManifestObject {
  const pv = stack.objects.find((o) => o.kind === "PersistentVolume");
  if (!pv) throw new Error("k8s/media has no PersistentVolume");
  return structuredClone(pv);
}

function stackNamespace(): ManifestObject {
  const ns = stack.objects.find((o) => o.kind === "Namespace");
  if (!ns) throw new Error("k8s/media has no Namespace");
  return structuredClone(ns);
}

function binding(
  namespace: string,
  name: string,
  role: string,
  subject: { name: string; namespace: string },
): ManifestObject & V1RoleBinding {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name, namespace },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: [{ kind: "ServiceAccount", ...subject }],
  };
}

describe("k8s/ on the local control plane", () => {
  let asToken: KubeConfig;

  beforeAll(async () => {
    await removeStack();
  });
  afterAll(async () => {
    await removeStack();
  });

  describe("k8s/dashboard", () => {
    it("passes a server-side dry-run apply, object by object, then applies", async () => {
      expect(await applyAll(dashboard.filter((o) => o.kind === "Namespace"))).toEqual([]);
      expect(await applyAll(dashboard, { dryRun: true })).toEqual([]);
      expect(await applyAll(dashboard)).toEqual([]);
      asToken = await dashboardTokenConfig();
    });

    it("runs the dashboard's pod in a namespace that enforces Pod Security restricted", async () => {
      const ns = await core.readNamespace({ name: DASHBOARD_NAMESPACE });
      expect(ns.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
      const pods = await waitFor("the dashboard's pod to be Ready", async () => {
        const list = await core.listNamespacedPod({
          namespace: DASHBOARD_NAMESPACE,
          labelSelector: "app.kubernetes.io/name=arr-dashboard",
        });
        return list.items.filter(isReady).length ? list.items : undefined;
      });
      expect(pods[0]?.spec?.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(pods[0]?.spec?.containers[0]?.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
      });
    });

    it("would be refused under restricted without its hardening (the label is really enforced)", async () => {
      const deployment = await apps.readNamespacedDeployment({
        name: "arr-dashboard",
        namespace: DASHBOARD_NAMESPACE,
      });
      const spec = structuredClone(deployment.spec!.template.spec!);
      spec.securityContext = {};
      spec.containers = spec.containers.map((c) => ({ ...c, securityContext: {} }));
      const message = await forbidden(() =>
        core.createNamespacedPod({
          namespace: DASHBOARD_NAMESPACE,
          dryRun: "All",
          body: { metadata: { name: "unhardened" }, spec },
        }),
      );
      expect(message).toMatch(/violates PodSecurity "restricted:latest"/);
    });
  });

  describe("k8s/media", () => {
    it("dry-runs its cluster-scoped objects before anything exists", async () => {
      const clusterScoped = stack.objects.filter((o) => o.metadata.namespace === undefined);
      expect(clusterScoped.map((o) => o.kind)).toEqual(["Namespace", "PersistentVolume"]);
      expect(await applyAll(clusterScoped, { dryRun: true })).toEqual([]);
    });

    it("is deployed from nothing by the dashboard's ServiceAccount with a real token", async () => {
      expect(await applyAll(stack.objects, { config: asToken })).toEqual([]);
    });

    it("passes a server-side dry-run apply, object by object, as admin and as the dashboard", async () => {
      expect(await applyAll(stack.objects, { dryRun: true })).toEqual([]);
      expect(
        await applyAll(stack.objects, { dryRun: true, config: impersonatingDashboard() }),
      ).toEqual([]);
    });

    it("binds the NFS claim to the seed's PV and every config claim", async () => {
      const claims = await waitFor("every claim to be Bound", async () => {
        const list = await core.listNamespacedPersistentVolumeClaim({ namespace: MEDIA });
        return list.items.length === stack.apps.length + 1 &&
          list.items.every((c) => c.status?.phase === "Bound")
          ? list.items
          : undefined;
      });
      expect(
        claims.find((c) => c.metadata?.name === stack.dataVolume.pvcName)?.spec?.volumeName,
      ).toBe(PV);
    });

    it("enforces Pod Security baseline and admits the five apps' pods", async () => {
      const ns = await core.readNamespace({ name: MEDIA });
      expect(ns.metadata?.labels).toMatchObject({
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
      });
      for (const app of stack.apps) {
        const selector = Object.entries(app.selector ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(",");
        await waitFor(`a Ready pod of ${app.name}`, async () => {
          const pods = await core.listNamespacedPod({ namespace: MEDIA, labelSelector: selector });
          return pods.items.some(isReady);
        });
        const d = await apps.readNamespacedDeployment({ name: app.name, namespace: MEDIA });
        expect(d.spec?.replicas, `${app.name} gets the default of 1 replica`).toBe(1);
      }
    });

    it("refuses a privileged pod and a hostPath pod in media (baseline is enforced)", async () => {
      const container = { name: "c", image: "busybox:1.37" };
      const privileged = await forbidden(() =>
        core.createNamespacedPod({
          namespace: MEDIA,
          dryRun: "All",
          body: {
            metadata: { name: "privileged" },
            spec: { containers: [{ ...container, securityContext: { privileged: true } }] },
          },
        }),
      );
      expect(privileged).toMatch(/violates PodSecurity "baseline:latest": privileged/);
      const hostPath = await forbidden(() =>
        core.createNamespacedPod({
          namespace: MEDIA,
          dryRun: "All",
          body: {
            metadata: { name: "hostpath" },
            spec: {
              containers: [{ ...container, volumeMounts: [{ name: "root", mountPath: "/host" }] }],
              volumes: [{ name: "root", hostPath: { path: "/" } }],
            },
          },
        }),
      );
      expect(hostPath).toMatch(/violates PodSecurity "baseline:latest": hostPath volumes/);
    });
  });

  type Row = {
    verb: string;
    resource: string;
    group?: string;
    subresource?: string;
    namespace?: string;
    name?: string;
  };
  /** "verb resource[.group][/subresource] [namespace][/name]", kubectl-style: "patch deployments.apps/scale media/radarr". */
  const row = (spec: string): Row => {
    const [verb = "", res = "", where = ""] = spec.split(" ");
    const [resourceAndGroup = "", subresource] = res.split("/");
    const dot = resourceAndGroup.indexOf(".");
    const [resource, group] =
      dot === -1
        ? [resourceAndGroup, ""]
        : [resourceAndGroup.slice(0, dot), resourceAndGroup.slice(dot + 1)];
    const [namespace, name] = where.split("/");
    return {
      verb,
      resource,
      group,
      subresource,
      namespace: namespace || undefined,
      name: name || undefined,
    };
  };
  const allowed = [
    ...["get", "list", "watch"].flatMap((verb) => [
      `${verb} deployments.apps media`,
      `${verb} replicasets.apps media`,
      `${verb} pods media`,
      `${verb} persistentvolumeclaims media`,
      `${verb} services media`,
      `${verb} events media`,
      `${verb} events.events.k8s.io media`,
      `${verb} httproutes.gateway.networking.k8s.io media`,
      `${verb} ciliumnetworkpolicies.cilium.io media`,
      `${verb} persistentvolumes`,
      `${verb} nodes`,
      `${verb} namespaces`,
    ]),
    ...["create", "patch"].flatMap((verb) => [
      `${verb} deployments.apps media/radarr`,
      `${verb} persistentvolumeclaims media/arr-data`,
      `${verb} services media/radarr`,
      `${verb} httproutes.gateway.networking.k8s.io media/radarr`,
      `${verb} ciliumnetworkpolicies.cilium.io media/media`,
    ]),
    "get deployments.apps/scale media/radarr",
    "patch deployments.apps/scale media/radarr",
    "create pods/exec media/radarr-abc",
    "get pods/exec media/radarr-abc",
    "get pods/log media/radarr-abc",
    "delete pods media/radarr-abc",
    "create events media",
    "create events arr-dashboard",
    "create namespaces",
    "patch namespaces /media",
    "delete namespaces /media",
    "create persistentvolumes",
    "patch persistentvolumes /arr-data-nfs",
    "create rolebindings.rbac.authorization.k8s.io media",
    "patch rolebindings.rbac.authorization.k8s.io media/arr-dashboard",
    "bind clusterroles.rbac.authorization.k8s.io /arr-dashboard-media",
    "create selfsubjectaccessreviews.authorization.k8s.io",
    "get pods.metrics.k8s.io media",
    "list nodes.metrics.k8s.io",
    "get secrets media/arr-api-keys",
  ].map(row);
  const denied = [
    "get secrets media",
    "list secrets media",
    "watch secrets media",
    "get secrets media/other-secret",
    "patch secrets media/arr-api-keys",
    "update secrets media/arr-api-keys",
    "delete secrets media/arr-api-keys",
    "get secrets arr-dashboard/arr-api-keys",
    "get secrets arr-dashboard/arr-dashboard-auth",
    "list secrets",
    "get secrets kube-system",
    "delete namespaces /kube-system",
    "delete namespaces /arr-dashboard",
    "delete namespaces /default",
    "delete namespaces",
    "patch namespaces /kube-system",
    "patch namespaces /arr-dashboard",
    "create pods/exec kube-system/etcd-0",
    "create pods/exec arr-dashboard/arr-dashboard-0",
    "create pods/exec default/x",
    "get pods/exec kube-system/etcd-0",
    "get pods/log kube-system/etcd-0",
    "get pods/log arr-dashboard/arr-dashboard-0",
    "get pods/log default/x",
    "list pods/log media",
    "create pods/log media/radarr-abc",
    "get pods kube-system",
    "list pods",
    "create pods media",
    "deletecollection pods media",
    "delete pods kube-system/etcd-0",
    "delete pods arr-dashboard/arr-dashboard-0",
    "delete pods default/x",
    "patch pods media/radarr-abc",
    "create deployments.apps kube-system",
    "patch deployments.apps default/x",
    "patch deployments.apps kube-system/coredns",
    "delete deployments.apps media/radarr",
    "update deployments.apps media/radarr",
    "delete persistentvolumes /arr-data-nfs",
    "patch persistentvolumes /pvc-other",
    "delete persistentvolumeclaims media/arr-data",
    "create serviceaccounts/token arr-dashboard/arr-dashboard",
    "get configmaps arr-dashboard/arr-dashboard-guard",
    "patch configmaps arr-dashboard/arr-dashboard-guard",
    "patch validatingadmissionpolicies.admissionregistration.k8s.io /arr-dashboard-persistentvolumes",
    "delete validatingadmissionpolicybindings.admissionregistration.k8s.io /arr-dashboard-persistentvolumes",
    "create clusterrolebindings.rbac.authorization.k8s.io",
    "create clusterroles.rbac.authorization.k8s.io",
    "patch clusterroles.rbac.authorization.k8s.io /arr-dashboard-media",
    "escalate clusterroles.rbac.authorization.k8s.io /arr-dashboard-media",
    "bind clusterroles.rbac.authorization.k8s.io /cluster-admin",
    "bind clusterroles.rbac.authorization.k8s.io /admin",
    "patch rolebindings.rbac.authorization.k8s.io kube-system/other",
    "delete rolebindings.rbac.authorization.k8s.io media/arr-dashboard",
    "impersonate users",
    "impersonate serviceaccounts",
    "get nodes/proxy",
    "create nodes",
    "patch nodes /k8s-node-1",
    "create storageclasses.storage.k8s.io",
    // patch narrowed to the stack's names (issue 17, item 3)
    "patch deployments.apps media/evil",
    "patch deployments.apps/scale media/evil",
    "update deployments.apps/scale media/evil",
    "patch services media/evil",
    "patch persistentvolumeclaims media/evil",
    "patch httproutes.gateway.networking.k8s.io media/evil",
    "patch ciliumnetworkpolicies.cilium.io media/evil",
  ].map(row);
  const label = (r: Row) =>
    `${r.verb} ${[r.group, r.resource].filter(Boolean).join("/")}${r.subresource ? `/${r.subresource}` : ""}${r.namespace ? ` in ${r.namespace}` : ""}${r.name ? ` named ${r.name}` : ""}`;

  describe("the dashboard's RBAC (SubjectAccessReview as admin, SelfSubjectAccessReview with its own token)", () => {
    const attrs = (r: Row) => ({
      verb: r.verb,
      group: r.group,
      resource: r.resource,
      subresource: r.subresource,
      namespace: r.namespace,
      name: r.name,
    });

    async function sar(r: Row): Promise<boolean> {
      const res = await authz.createSubjectAccessReview({
        body: {
          spec: {
            user: DASHBOARD_USER,
            groups: [
              "system:serviceaccounts",
              `system:serviceaccounts:${DASHBOARD_NAMESPACE}`,
              "system:authenticated",
            ],
            resourceAttributes: attrs(r),
          },
        },
      });
      return res.status?.allowed === true;
    }
    async function ssar(r: Row): Promise<boolean> {
      const res = await asToken
        .makeApiClient(AuthorizationV1Api)
        .createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: attrs(r) } } });
      return res.status?.allowed === true;
    }

    it.each(allowed.map((r) => [label(r), r] as const))("allows: %s", async (_, r) => {
      expect(await sar(r)).toBe(true);
      expect(await ssar(r)).toBe(true);
    });

    it.each(denied.map((r) => [label(r), r] as const))("denies: %s", async (_, r) => {
      expect(await sar(r)).toBe(false);
      expect(await ssar(r)).toBe(false);
    });

    it("has no wildcard anywhere in its roles", async () => {
      const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
      const roles = [
        await rbac.readClusterRole({ name: "arr-dashboard" }),
        await rbac.readClusterRole({ name: "arr-dashboard-media" }),
        await rbac.readNamespacedRole({ name: "arr-dashboard", namespace: DASHBOARD_NAMESPACE }),
      ];
      for (const role of roles) {
        for (const rule of role.rules ?? []) {
          for (const field of [rule.verbs, rule.resources ?? [], rule.apiGroups ?? []])
            expect(field).not.toContain("*");
          // The one Secret: media/arr-api-keys, get only (the RoleBinding limits it to media).
          if ((rule.resources ?? []).includes("secrets")) {
            expect(role.metadata?.name).toBe("arr-dashboard-media");
            expect(rule.resources).toEqual(["secrets"]);
            expect(rule.resourceNames).toEqual(["arr-api-keys"]);
            expect(rule.verbs).toEqual(["get"]);
          }
        }
      }
    });
  });

  describe.each([
    ["impersonated", () => impersonatingDashboard()],
    ["with a real token", () => asToken],
  ] as const)("the admission policies, the dashboard's ServiceAccount %s", (_, config) => {
    const coreAs = () => config().makeApiClient(CoreV1Api);

    it("refuses a hostPath PersistentVolume", async () => {
      // RBAC lets the account create PVs of any name (`create` cannot be bounded by name): the
      // policy is what stops this.
      expect(
        await forbidden(() => coreAs().createPersistentVolume({ body: hostPathPv(PROBE.pv) })),
      ).toMatch(
        /ValidatingAdmissionPolicy 'arr-dashboard-persistentvolumes'.*only PersistentVolume arr-data-nfs/,
      );
      // The stack's own name does not help: the source must be the NFS export.
      expect(
        await forbidden(() => coreAs().createPersistentVolume({ body: hostPathPv(PV) })),
      ).toMatch(/must be the NFS export 10\.10\.30\.4:\/Kubernetes\/Media/);
    });

    it("refuses the stack's PV pointed at another NFS server, or with reclaim policy Delete", async () => {
      // Created under the stack's own name: admission runs before the name conflict would.
      const other = stackPv();
      (other.spec as { nfs: { server: string } }).nfs.server = "192.0.2.1";
      expect(await forbidden(() => coreAs().createPersistentVolume({ body: other }))).toMatch(
        /must be the NFS export/,
      );
      const deleting = stackPv();
      (deleting.spec as { persistentVolumeReclaimPolicy: string }).persistentVolumeReclaimPolicy =
        "Delete";
      expect(await forbidden(() => coreAs().createPersistentVolume({ body: deleting }))).toMatch(
        /must keep reclaim policy Retain/,
      );
    });

    it("refuses any namespace but media", async () => {
      const ns = stackNamespace();
      ns.metadata.name = PROBE.ns;
      expect(await forbidden(() => coreAs().createNamespace({ body: ns }))).toMatch(
        /may create or change only namespace media, not arr-test-not-media/,
      );
    });

    it("refuses media without its Pod Security labels", async () => {
      const message = /must keep its Pod Security labels/;
      expect(
        await forbidden(() =>
          coreAs().patchNamespace(
            {
              name: MEDIA,
              body: { metadata: { labels: { "pod-security.kubernetes.io/enforce": null } } },
            },
            mergePatch,
          ),
        ),
      ).toMatch(message);
      expect(
        await forbidden(() =>
          coreAs().patchNamespace(
            {
              name: MEDIA,
              body: {
                metadata: { labels: { "pod-security.kubernetes.io/enforce": "privileged" } },
              },
            },
            mergePatch,
          ),
        ),
      ).toMatch(message);
      expect(
        await forbidden(() =>
          coreAs().patchNamespace(
            {
              name: MEDIA,
              body: {
                metadata: { labels: { "pod-security.kubernetes.io/enforce-version": "v1.0" } },
              },
            },
            mergePatch,
          ),
        ),
      ).toMatch(message);
      const bare = stackNamespace();
      bare.metadata.labels = {};
      expect(await forbidden(() => apply(bare, { config: config(), dryRun: true }))).toMatch(
        message,
      );
      const ns = await core.readNamespace({ name: MEDIA });
      expect(ns.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    });

    it("refuses RoleBindings other than media/arr-dashboard to itself", async () => {
      const self = { name: "arr-dashboard", namespace: DASHBOARD_NAMESPACE };
      const policy = /ValidatingAdmissionPolicy 'arr-dashboard-rolebindings'/;
      expect(
        await forbidden(() =>
          apply(binding("kube-system", "arr-dashboard", "arr-dashboard-media", self), {
            config: config(),
          }),
        ),
      ).toMatch(policy);
      expect(
        await forbidden(() =>
          apply(
            binding(MEDIA, "arr-dashboard", "arr-dashboard-media", {
              name: "default",
              namespace: MEDIA,
            }),
            { config: config() },
          ),
        ),
      ).toMatch(policy);
      expect(
        await forbidden(() =>
          config()
            .makeApiClient(RbacAuthorizationV1Api)
            .createNamespacedRoleBinding({
              namespace: "kube-system",
              body: binding("kube-system", PROBE.rb, "arr-dashboard-media", self),
            }),
        ),
      ).toMatch(policy);
      // RBAC stops cluster-admin before the policy does (no `bind` on it).
      expect(
        await forbidden(() =>
          apply(binding(MEDIA, "arr-dashboard", "cluster-admin", self), { config: config() }),
        ),
      ).toMatch(/forbidden/);
    });

    it("lets the stack's own objects through (the policies do not simply deny everything)", async () => {
      for (const obj of [
        stackNamespace(),
        stackPv(),
        stack.objects.find((o) => o.kind === "RoleBinding")!,
      ]) {
        await expect(apply(obj, { config: config(), dryRun: true })).resolves.toMatchObject({
          kind: obj.kind,
        });
      }
    });
  });

  describe.each([
    ["impersonated", () => impersonatingDashboard()],
    ["with a real token", () => asToken],
  ] as const)(
    "the policies of issue 17 (item 3), the dashboard's ServiceAccount %s",
    (_, config) => {
      const policy = (name: string) =>
        new RegExp(`ValidatingAdmissionPolicy 'arr-dashboard-${name}'`);
      const dryRun = (obj: ManifestObject) => apply(obj, { config: config(), dryRun: true });
      // A new name: server-side apply is a PATCH, which RBAC already refuses for names outside the
      // stack's (resourceNames); a POST is what only the policy can stop.
      const createDry = (obj: ManifestObject) =>
        objectApi(config()).create(obj as KubernetesObject, undefined, "All");
      const one = (kind: string, name = "radarr"): ManifestObject => {
        const o = stack.objects.find((x) => x.kind === kind && x.metadata.name === name);
        if (!o) throw new Error(`k8s/media has no ${kind} ${name}`);
        return structuredClone(o);
      };
      type PodSpec = {
        containers: { image: string }[];
        volumes?: Record<string, unknown>[];
        nodeName?: string;
      };
      const podSpec = (d: ManifestObject) =>
        (d.spec as { template: { spec: PodSpec } }).template.spec;

      it("admits every object of the stack (dry run)", async () => {
        expect(await applyAll(stack.objects, { config: config(), dryRun: true })).toEqual([]);
      });

      it("refuses Deployments with another name, image, an inline nfs volume or a nodeName", async () => {
        const renamed = one("Deployment");
        renamed.metadata.name = "evil";
        expect(await forbidden(() => createDry(renamed))).toMatch(policy("deployments"));
        expect(await forbidden(() => dryRun(renamed))).toMatch(/forbidden/);
        const image = one("Deployment");
        podSpec(image).containers[0]!.image = "docker.io/library/busybox:1.37";
        expect(await forbidden(() => dryRun(image))).toMatch(/only the images of its manifests/);
        const nfs = one("Deployment");
        podSpec(nfs).volumes = [
          ...(podSpec(nfs).volumes ?? []),
          { name: "nas", nfs: { server: "10.10.30.4", path: "/" } },
        ];
        expect(await forbidden(() => dryRun(nfs))).toMatch(/no inline nfs/);
        const pinned = one("Deployment");
        podSpec(pinned).nodeName = "k8s-node-1";
        expect(await forbidden(() => dryRun(pinned))).toMatch(/nodeName/);
      });

      it("refuses Services that are not ClusterIP, have externalIPs or another name", async () => {
        const nodePort = one("Service");
        (nodePort.spec as { type?: string }).type = "NodePort";
        expect(await forbidden(() => dryRun(nodePort))).toMatch(/ClusterIP only/);
        const external = one("Service");
        (external.spec as { externalIPs?: string[] }).externalIPs = ["192.0.2.7"];
        expect(await forbidden(() => dryRun(external))).toMatch(/ClusterIP only/);
        const renamed = one("Service");
        renamed.metadata.name = "evil";
        expect(await forbidden(() => createDry(renamed))).toMatch(policy("services"));
        expect(await forbidden(() => dryRun(renamed))).toMatch(/forbidden/);
      });

      it("refuses HTTPRoutes for other hostnames or names, and other network policies", async () => {
        const host = one("HTTPRoute");
        (host.spec as { hostnames: string[] }).hostnames = ["login.bank.example"];
        expect(await forbidden(() => dryRun(host))).toMatch(/publish only its hostnames/);
        const renamed = one("HTTPRoute");
        renamed.metadata.name = "evil";
        expect(await forbidden(() => createDry(renamed))).toMatch(policy("httproutes"));
        expect(await forbidden(() => dryRun(renamed))).toMatch(/forbidden/);
        const cnp = one("CiliumNetworkPolicy", "media");
        cnp.metadata.name = "allow-all";
        expect(await forbidden(() => createDry(cnp))).toMatch(policy("networkpolicies"));
      });

      it("execs only the audit's and the probe's argv, without stdin or tty", async () => {
        const app = stack.apps.find((a) => a.mountsData)!;
        const pods = await core.listNamespacedPod({ namespace: MEDIA });
        const pod = pods.items.find(
          (p) => p.metadata?.name?.startsWith(`${app.name}-`) && isReady(p),
        );
        expect(pod, `a Ready ${app.name} pod`).toBeDefined();
        const run = async (command: string[], o: { stdin?: boolean; tty?: boolean } = {}) => {
          const sink = new PassThrough();
          sink.resume();
          try {
            const ws = await new Exec(config()).exec(
              MEDIA,
              pod!.metadata!.name!,
              app.containerName ?? app.name,
              command,
              sink,
              sink,
              o.stdin ? new PassThrough() : null,
              o.tty ?? false,
            );
            ws.close();
            return "admitted";
          } catch (err) {
            return describeError(err);
          }
        };
        const audit = hardlinkAuditCommand(stack.dataVolume.mountPath);
        expect(await run(audit)).toBe("admitted");
        for (const c of allowedExecCommands(stack)) expect(await run(c)).toBe("admitted");
        expect(await run(["sh", "-c", "id"])).not.toBe("admitted");
        expect(await run([...audit, "-delete"])).not.toBe("admitted");
        // The kill of a reported pid, and the stat of import pairs' paths under /data.
        expect(await run(killCommand(4242))).toBe("admitted");
        expect(await run([...killCommand(4242).slice(0, -1), "1; id"])).not.toBe("admitted");
        const pair = (droppedPath: string, importedPath: string): ImportPair => ({
          app: "radarr",
          droppedPath,
          importedPath,
        });
        const m = stack.dataVolume.mountPath;
        expect(
          await run(pairStatCommand([pair(`${m}/torrents/a b.mkv`, `${m}/media/a.mkv`)])),
        ).toBe("admitted");
        for (const bad of ["/etc/shadow", `${m}/../etc/shadow`, `${m}/media/x\nprintf`])
          expect(await run(pairStatCommand([pair(`${m}/torrents/a`, bad)]))).not.toBe("admitted");
        const tooMany = Array.from({ length: MAX_PAIR_STAT_PATHS / 2 + 1 }, (_, i) =>
          pair(`${m}/torrents/${i}`, `${m}/media/${i}`),
        );
        expect(await run(pairStatCommand(tooMany))).not.toBe("admitted");
        expect(await run(audit, { stdin: true })).not.toBe("admitted");
        expect(await run(audit, { tty: true })).not.toBe("admitted");
      });
    },
  );

  describe("the seed's rollback", () => {
    it("lets the dashboard delete namespace media, and no other namespace", async () => {
      const coreAs = asToken.makeApiClient(CoreV1Api);
      await forbidden(() => coreAs.deleteNamespace({ name: "kube-system" }));
      await forbidden(() => coreAs.deleteNamespace({ name: DASHBOARD_NAMESPACE }));
      await coreAs.deleteNamespace({ name: MEDIA });
      await gone(`namespace ${MEDIA}`, () => core.readNamespace({ name: MEDIA }));
      const pv = await waitFor("the Retain PV to be Released", async () => {
        const v = await core.readPersistentVolume({ name: PV });
        return v.status?.phase === "Released" ? v : undefined;
      });
      expect(pv.spec?.claimRef?.name).toBe(stack.dataVolume.pvcName);
    });

    it("takes the dashboard's rights inside media with it, but not the right to deploy it again", async () => {
      const res = (r: string) =>
        authz.createSubjectAccessReview({
          body: {
            spec: {
              user: DASHBOARD_USER,
              groups: ["system:serviceaccounts", "system:authenticated"],
              resourceAttributes: row(r),
            },
          },
        });
      expect((await res("get pods media")).status?.allowed).toBe(false);
      expect((await res("create namespaces")).status?.allowed).toBe(true);
      expect(
        (await res("create rolebindings.rbac.authorization.k8s.io media")).status?.allowed,
      ).toBe(true);
      // Deploying again starts with the Namespace and the RoleBinding, which restore the rest.
      const first = stack.objects.filter((o) => o.kind === "Namespace" || o.kind === "RoleBinding");
      expect(await applyAll(first, { config: asToken })).toEqual([]);
      await waitFor(
        "rights inside media to return",
        async () => (await res("get pods media")).status?.allowed === true,
      );
    });
  });
});
