/**
 * Field-level diff between a live object and what a server-side dry-run apply would make of it.
 * Both sides come back from the API server with defaults filled in, so only real changes remain
 * once the bookkeeping fields below are dropped.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface FieldChange {
  /** e.g. `spec.template.spec.containers[name=sonarr].image` */
  path: string;
  op: "add" | "remove" | "change";
  before?: string;
  after?: string;
}

/** Paths that change on every write or are owned by controllers, never by the manifests. */
const IGNORED = new Set([
  "metadata.managedFields",
  "metadata.resourceVersion",
  "metadata.generation",
  "metadata.creationTimestamp",
  "metadata.uid",
  "metadata.selfLink",
  "status",
]);

const MAX_VALUE_CHARS = 300;
const MAX_CHANGES = 200;

function show(v: JsonValue | undefined): string {
  const s = JSON.stringify(v) ?? "undefined";
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s;
}

function isObject(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Arrays whose items all carry a distinct string `name` are matched by name, like Kubernetes' merge keys. */
function nameKeyed(arr: JsonValue[]): Map<string, JsonValue> | null {
  const m = new Map<string, JsonValue>();
  for (const item of arr) {
    if (!isObject(item) || typeof item.name !== "string" || m.has(item.name)) return null;
    m.set(item.name, item);
  }
  return m;
}

function walk(
  path: string,
  a: JsonValue | undefined,
  b: JsonValue | undefined,
  out: FieldChange[],
): void {
  if (out.length >= MAX_CHANGES || IGNORED.has(path)) return;
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push({ path, op: "add", after: show(b) });
  if (b === undefined) return void out.push({ path, op: "remove", before: show(a) });
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(path ? `${path}.${k}` : k, a[k], b[k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ka = nameKeyed(a);
    const kb = nameKeyed(b);
    if (ka && kb && (a.length > 0 || b.length > 0)) {
      const names = [...new Set([...ka.keys(), ...kb.keys()])];
      for (const n of names) walk(`${path}[name=${n}]`, ka.get(n), kb.get(n), out);
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) walk(`${path}[${i}]`, a[i], b[i], out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b))
    out.push({ path, op: "change", before: show(a), after: show(b) });
}

/** The changes that turn `live` into `desired` (both plain JSON). Capped at 200 entries. */
export function diffObjects(live: JsonValue, desired: JsonValue): FieldChange[] {
  const out: FieldChange[] = [];
  walk("", live, desired, out);
  return out;
}

/** Plain JSON of anything the client library returns (Dates become ISO strings, undefined drops). */
export function toJson(v: unknown): JsonValue {
  return JSON.parse(JSON.stringify(v ?? null)) as JsonValue;
}
