import "server-only";
import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from "@kubernetes/client-node";
import type { ManifestObject } from "@/lib/stack/types";
import { diffObjects, toJson, type FieldChange } from "@/lib/deploy/diff";
import type { ManagedFieldsEntry } from "@/lib/cluster/types";
import { findDrift, takeOverEntries } from "@/lib/deploy/drift";
import type { ObjectPlan } from "@/lib/deploy/plan";
import { kubeConfig } from "./client";
import { isNotFound, k8sError } from "./errors";
import { FIELD_MANAGER } from "./workloads";

/** Kinds without a namespace; every other kind in the stack is namespaced. */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "PersistentVolume",
  "StorageClass",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects). */
export function objectKey(o: Pick<ManifestObject, "kind" | "metadata">): string {
  return o.metadata.namespace
    ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`
    : `${o.kind}/${o.metadata.name}`;
}

export type { ObjectPlan } from "@/lib/deploy/plan";

export type ApplyOutcome = "created" | "configured" | "unchanged" | "failed";

function objectApi(): KubernetesObjectApi {
  return KubernetesObjectApi.makeApiClient(kubeConfig());
}

function asK8s(o: ManifestObject): KubernetesObject {
  return o as unknown as KubernetesObject;
}

/** Turns client-node's failures into the message a person needs (missing CRDs named as such). */
function explain(o: ManifestObject, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (
    /Unrecognized API version and kind/.test(msg) ||
    (/Failed to fetch resource metadata/.test(msg) && /404/.test(msg))
  ) {
    return `the API server does not serve ${o.apiVersion} ${o.kind} — is its CustomResourceDefinition installed?`;
  }
  return k8sError(e).message;
}

async function readLive(
  api: KubernetesObjectApi,
  o: ManifestObject,
): Promise<KubernetesObject | null> {
  try {
    return await api.read({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace },
    });
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

function ssa(
  api: KubernetesObjectApi,
  o: ManifestObject,
  dryRun: boolean,
): Promise<KubernetesObject> {
  // force: the dashboard owns the stack's fields, as Argo CD's --force-conflicts does.
  return api.patch(
    asK8s(o),
    undefined,
    dryRun ? "All" : undefined,
    FIELD_MANAGER,
    true,
    PatchStrategy.ServerSideApply,
  );
}

/**
 * What an apply would change, per object: server-side dry-run apply against the live object and
 * a field-level diff of the two. Objects in a namespace that does not exist yet are reported as
 * creations without a dry-run (the API server would refuse it until the Namespace exists).
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/
 */
export async function planObjects(objects: ManifestObject[]): Promise<ObjectPlan[]> {
  const api = objectApi();
  const missingNamespaces = new Set<string>();
  const plans: ObjectPlan[] = [];
  for (const o of objects) {
    const base = {
      key: objectKey(o),
      kind: o.kind,
      name: o.metadata.name,
      namespace: o.metadata.namespace,
    };
    try {
      if (o.metadata.namespace && missingNamespaces.has(o.metadata.namespace)) {
        // Still check that the kind is served, so a missing CRD shows before deploying.
        await api
          .list(
            o.apiVersion,
            o.kind,
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            1,
          )
          .catch((e: unknown) => {
            if (!isNotFound(e)) throw e;
          });
        plans.push({
          ...base,
          action: "create",
          changes: [],
          message: `namespace ${o.metadata.namespace} is created first`,
        });
        continue;
      }
      const live = await readLive(api, o);
      if (!live && o.kind === "Namespace") {
        missingNamespaces.add(o.metadata.name);
        plans.push({ ...base, action: "create", changes: [] });
        continue;
      }
      const result = await ssa(api, o, true);
      if (!live) {
        plans.push({ ...base, action: "create", changes: [] });
        continue;
      }
      const changes = diffObjects(toJson(live), toJson(result));
      const drift = findDrift(toJson(live), toJson(o), [FIELD_MANAGER]);
      plans.push({
        ...base,
        action: changes.length ? "update" : "unchanged",
        changes,
        ...(drift.length ? { drift } : {}),
      });
    } catch (e) {
      plans.push({ ...base, action: "error", changes: [], message: explain(o, e) });
    }
  }
  return plans;
}

/**
 * Server-side applies one object with the dashboard's field manager and says what happened:
 * created (absent before), configured (resourceVersion moved) or unchanged (it did not), with
 * the object's `metadata.generation` after the apply (so a watcher knows which spec to wait for).
 */
export async function applyObject(
  o: ManifestObject,
  api: KubernetesObjectApi = objectApi(),
  opts: { takeOverDrift?: boolean } = {},
): Promise<{ outcome: ApplyOutcome; message?: string; generation?: number; tookOver?: string[] }> {
  try {
    const before = await readLive(api, o);
    const tookOver = before && opts.takeOverDrift ? await takeOver(api, o, before) : [];
    const after = await ssa(api, o, false);
    const generation = after.metadata?.generation;
    const applied = (r: { outcome: ApplyOutcome; message?: string }) => ({
      ...r,
      ...(generation === undefined ? {} : { generation }),
      ...(tookOver.length ? { tookOver } : {}),
    });
    if (!before) return applied({ outcome: "created" });
    if (before.metadata?.resourceVersion === after.metadata?.resourceVersion)
      return applied({ outcome: "unchanged" });
    // The version moved: by us, or by a controller writing status between our GET and PATCH.
    // Only a change outside status and bookkeeping counts as ours.
    const changes = diffObjects(toJson(before), toJson(after));
    return applied(
      changes.length
        ? { outcome: "configured", message: summarise(changes) }
        : { outcome: "unchanged", message: "only status or field ownership moved" },
    );
  } catch (e) {
    return { outcome: "failed", message: explain(o, e) };
  }
}

/**
 * Hands the fields other managers set outside the manifests to the dashboard's field manager
 * (a JSON patch of metadata.managedFields guarded by resourceVersion, as kubectl's csaupgrade
 * does), so the server-side apply that follows removes them. Returns the paths taken over.
 */
async function takeOver(
  api: KubernetesObjectApi,
  o: ManifestObject,
  live: KubernetesObject,
): Promise<string[]> {
  const liveJson = toJson(live);
  const drift = findDrift(liveJson, toJson(o), [FIELD_MANAGER]);
  const entries = (toJson(live.metadata?.managedFields ?? []) ??
    []) as unknown as ManagedFieldsEntry[];
  const next = takeOverEntries(
    entries,
    drift,
    FIELD_MANAGER,
    o.apiVersion,
    new Date().toISOString(),
  );
  if (!next) return [];
  // A merge patch replaces the list as a whole; resourceVersion makes it conditional (409 if
  // anyone wrote in between, and the deploy reports that object as failed).
  await api.patch(
    {
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: {
        name: o.metadata.name,
        namespace: o.metadata.namespace,
        resourceVersion: live.metadata?.resourceVersion,
        managedFields: next.map((e) => ({ ...e, time: e.time ? new Date(e.time) : undefined })),
      },
    } as KubernetesObject,
    undefined,
    undefined,
    FIELD_MANAGER,
    undefined,
    PatchStrategy.MergePatch,
  );
  return drift.map((d) => `${d.path} (${d.manager})`);
}

function summarise(changes: FieldChange[]): string {
  const paths = changes.slice(0, 3).map((c) => c.path);
  return `changed ${paths.join(", ")}${changes.length > 3 ? ` and ${changes.length - 3} more` : ""}`;
}

/** One client for a whole deploy (its discovery cache is then shared across objects). */
export function newObjectApi(): KubernetesObjectApi {
  return objectApi();
}
