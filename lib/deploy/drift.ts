/**
 * Drift: fields present in a live object, absent from the manifests, that someone other than the
 * dashboard set (`kubectl patch`, `kubectl edit`, client-side `kubectl apply`, another tool).
 * Server-side apply leaves such fields alone — it only removes fields its own manager owned — so
 * a dry-run apply reports "nothing would change" while the live object differs from the
 * manifests (kubernetes/kubernetes 99003, 112905). The owners are read from
 * `metadata.managedFields` (FieldsV1 sets).
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
 * @see ../shared/reference/field-failures.md F10
 */
import type { ManagedFieldsEntry } from "@/lib/cluster/types";
import type { JsonValue } from "./diff";

export interface DriftField {
  /** e.g. `spec.template.spec.containers[name=radarr].volumeMounts[mountPath=/data/media]` */
  path: string;
  /** The field manager that set it (`kubectl-patch`, `kubectl-edit`, `kubectl-client-side-apply`…). */
  manager: string;
  operation: string;
  time?: string;
  /** The live value, JSON, cut at 300 characters. */
  value: string;
}

/**
 * Managers that are Kubernetes itself: their fields are controller state (revision annotations,
 * finalizers, bound volume names), never drift.
 */
const CONTROLLERS = /^(kube-controller-manager|kube-scheduler|kube-apiserver|kubelet|k3s|kwok.*)$/;

/** Subresources whose writes are not the object's configuration. */
const NOT_CONFIG_SUBRESOURCES = new Set(["status", "scale"]);

/** Bookkeeping written by tools rather than configuration (restart marker, CSA's snapshot). */
const BOOKKEEPING_PATHS = new Set([
  'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
  'metadata.annotations["deployment.kubernetes.io/revision"]',
  'spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]',
]);

const MAX_VALUE = 300;

function isObject(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Follows one FieldsV1 key (`f:name`, `k:{…}`, `v:…`, `i:N`) into a JSON node. */
function step(node: JsonValue | undefined, key: string): JsonValue | undefined {
  if (node === undefined || node === null) return undefined;
  const kind = key.slice(0, 2);
  const rest = key.slice(2);
  if (kind === "f:") return isObject(node) ? node[rest] : undefined;
  if (!Array.isArray(node)) return undefined;
  try {
    if (kind === "k:") {
      const want = JSON.parse(rest) as Record<string, JsonValue>;
      return node.find(
        (item) => isObject(item) && Object.entries(want).every(([k, v]) => same(item[k], v)),
      );
    }
    if (kind === "v:") {
      const want = JSON.parse(rest) as JsonValue;
      return node.find((item) => same(item, want));
    }
  } catch {
    return undefined;
  }
  if (kind === "i:") return node[Number(rest)];
  return undefined;
}

/** The readable path segment of a FieldsV1 key. */
function segment(key: string): string {
  const rest = key.slice(2);
  if (key.startsWith("f:"))
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(rest) ? `.${rest}` : `[${JSON.stringify(rest)}]`;
  if (key.startsWith("k:")) {
    try {
      const k = JSON.parse(rest) as Record<string, JsonValue>;
      return `[${Object.entries(k)
        .map(([n, v]) => `${n}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(",")}]`;
    } catch {
      return `[${rest}]`;
    }
  }
  if (key.startsWith("v:")) return `[=${rest}]`;
  if (key.startsWith("i:")) return `[${rest}]`;
  return `.${key}`;
}

function show(v: JsonValue): string {
  const s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

function walk(
  tree: JsonValue | undefined,
  live: JsonValue | undefined,
  desired: JsonValue | undefined,
  path: string,
  entry: ManagedFieldsEntry,
  out: DriftField[],
): void {
  if (!isObject(tree)) return;
  for (const key of Object.keys(tree).sort()) {
    if (key === ".") continue;
    const p = path + segment(key);
    const l = step(live, key);
    if (l === undefined) continue; // owned once, gone now
    if (BOOKKEEPING_PATHS.has(p.replace(/^\./, ""))) continue;
    const d = step(desired, key);
    const sub = tree[key];
    // The manager owns only members of this map or list (not the field itself, no "."):
    // report the members one by one (one annotation, not all annotations).
    if (d === undefined && isObject(sub) && Object.keys(sub).length > 0 && !("." in sub)) {
      walk(sub, l, undefined, p, entry, out);
      continue;
    }
    if (d === undefined) {
      out.push({
        path: p.replace(/^\./, ""),
        manager: entry.manager,
        operation: entry.operation,
        ...(entry.time ? { time: entry.time } : {}),
        value: show(l),
      });
      continue;
    }
    walk(sub, l, d, p, entry, out);
  }
}

/** True for entries that can hold drift: not ours, not Kubernetes' controllers, not status/scale. */
function isForeignConfigEntry(e: ManagedFieldsEntry, ownManagers: readonly string[]): boolean {
  return (
    !ownManagers.includes(e.manager) &&
    !CONTROLLERS.test(e.manager) &&
    !NOT_CONFIG_SUBRESOURCES.has(e.subresource ?? "") &&
    e.fieldsType !== undefined &&
    e.fieldsType === "FieldsV1"
  );
}

/**
 * Fields of `live` owned by a foreign manager (see isForeignConfigEntry) and absent from
 * `desired` (the manifest), highest absent node first (a whole added list item is one entry).
 * Fields the manifest also sets are not drift: the dry-run diff shows their values.
 * `live` needs `metadata.managedFields`; `ownManagers` are the dashboard's field managers.
 */
export function findDrift(
  live: JsonValue,
  desired: JsonValue,
  ownManagers: readonly string[],
): DriftField[] {
  if (!isObject(live) || !isObject(live.metadata)) return [];
  const mf = live.metadata.managedFields;
  const entries = Array.isArray(mf) ? (mf as unknown as ManagedFieldsEntry[]) : [];
  return driftFromEntries(entries, live, desired, ownManagers);
}

/** findDrift with the managedFields given separately (the live model keeps them apart). */
export function driftFromEntries(
  entries: readonly ManagedFieldsEntry[],
  live: JsonValue,
  desired: JsonValue,
  ownManagers: readonly string[],
): DriftField[] {
  const out: DriftField[] = [];
  for (const e of entries) {
    if (!isForeignConfigEntry(e, ownManagers)) continue;
    walk(e.fieldsV1 as JsonValue | undefined, live, desired, "", e, out);
  }
  // Two managers can own the same field (shared ownership): report it once, newest writer first.
  const seen = new Map<string, DriftField>();
  for (const d of out.sort((a, b) => (b.time ?? "").localeCompare(a.time ?? "")))
    if (!seen.has(d.path)) seen.set(d.path, d);
  return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** Union of two FieldsV1 sets (nested objects whose keys are the members). */
function unionFields(a: JsonValue | undefined, b: JsonValue | undefined): JsonValue {
  if (!isObject(a)) return isObject(b) ? b : {};
  if (!isObject(b)) return a;
  const out: { [k: string]: JsonValue } = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = unionFields(out[k], v);
  return out;
}

/**
 * The managedFields after the dashboard takes over every field of the foreign managers that
 * hold drift: their sets are merged into the dashboard's Apply entry and their entries dropped,
 * as `kubectl apply --server-side` does when migrating from client-side apply (csaupgrade). The
 * next server-side apply of the manifests then removes the fields the manifests lack.
 * Returns null when there is nothing to take over.
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#upgrading-from-client-side-apply-to-server-side-apply
 */
export function takeOverEntries(
  entries: readonly ManagedFieldsEntry[],
  drift: readonly DriftField[],
  ownManager: string,
  apiVersion: string,
  now: string,
): ManagedFieldsEntry[] | null {
  const managers = new Set(drift.map((d) => d.manager));
  if (managers.size === 0) return null;
  const taken = entries.filter((e) => managers.has(e.manager) && !e.subresource);
  if (taken.length === 0) return null;
  const own = entries.find(
    (e) => e.manager === ownManager && e.operation === "Apply" && !e.subresource,
  );
  const merged = taken.reduce<JsonValue>(
    (acc, e) => unionFields(acc, e.fieldsV1 as JsonValue | undefined),
    (own?.fieldsV1 as JsonValue | undefined) ?? {},
  );
  const ownEntry: ManagedFieldsEntry = {
    manager: ownManager,
    operation: "Apply",
    apiVersion: own?.apiVersion ?? apiVersion,
    time: now,
    fieldsType: "FieldsV1",
    fieldsV1: merged,
  };
  return [...entries.filter((e) => !taken.includes(e) && e !== own), ownEntry];
}

/** The union of the entries' FieldsV1 sets. */
function ownedTree(entries: readonly ManagedFieldsEntry[]): JsonValue {
  return entries.reduce<JsonValue>(
    (acc, e) => unionFields(acc, e.fieldsV1 as JsonValue | undefined),
    {},
  );
}

function prune(tree: JsonValue | undefined, node: JsonValue | undefined): JsonValue | undefined {
  if (node === undefined) return undefined;
  const keys = isObject(tree) ? Object.keys(tree).filter((k) => k !== ".") : [];
  if (!isObject(tree) || keys.length === 0) return node;
  if (isObject(node)) {
    const out: { [k: string]: JsonValue } = {};
    for (const key of keys) {
      if (!key.startsWith("f:")) continue;
      const child = prune(tree[key], node[key.slice(2)]);
      if (child !== undefined) out[key.slice(2)] = child;
    }
    return out;
  }
  if (Array.isArray(node)) {
    const out: JsonValue[] = [];
    for (const key of keys) {
      const item = step(node, key);
      if (item === undefined) continue;
      const pruned = prune(tree[key], item);
      if (pruned === undefined) continue;
      // Keep the merge key fields, so the pruned item can still be matched by step().
      if (key.startsWith("k:") && isObject(pruned) && isObject(item)) {
        try {
          const mergeKey = JSON.parse(key.slice(2)) as { [k: string]: JsonValue };
          out.push(
            Object.fromEntries(
              Object.entries(item)
                .filter(([k]) => k in mergeKey || k in pruned)
                .map(([k, v]) => [k, k in pruned ? (pruned[k] as JsonValue) : v]),
            ),
          );
          continue;
        } catch {
          // fall through
        }
      }
      out.push(pruned);
    }
    return out;
  }
  return node;
}

/**
 * What the live model keeps of an object for drift: the foreign config entries of its
 * managedFields and the live object pruned to the fields they own (small, plain JSON).
 * driftFromEntries(entries, live, manifest, []) on the result equals findDrift on the object.
 */
export function foreignFields(
  live: JsonValue,
  ownManagers: readonly string[],
): { entries: ManagedFieldsEntry[]; live: JsonValue } | undefined {
  if (!isObject(live) || !isObject(live.metadata)) return undefined;
  const mf = live.metadata.managedFields;
  const entries = (Array.isArray(mf) ? (mf as unknown as ManagedFieldsEntry[]) : []).filter((e) =>
    isForeignConfigEntry(e, ownManagers),
  );
  if (entries.length === 0) return undefined;
  return { entries, live: prune(ownedTree(entries), live) ?? {} };
}
