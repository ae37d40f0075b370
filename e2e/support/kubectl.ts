// Cluster access for tests through kubectl (independent of the code under test), shared by the
// integration and browser suites.
import { execFileSync } from "node:child_process";

export function kubectl(args: string[]): string {
  const bin = process.env.ARR_BIN_DIR ? `${process.env.ARR_BIN_DIR}/kubectl` : "kubectl";
  return execFileSync(bin, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** `Kind/namespace/name → resourceVersion` of everything listable in `namespace`, plus PVs and Namespaces. */
export function resourceVersions(namespace: string): Map<string, string> {
  const kinds = kubectl(["api-resources", "--verbs=list", "--namespaced", "-o", "name"])
    .split("\n")
    .filter((k) => k && !k.startsWith("events"));
  const out = new Map<string, string>();
  const add = (json: string) => {
    if (!json.trim()) return;
    const list = JSON.parse(json) as {
      items: {
        kind: string;
        metadata: { name: string; namespace?: string; resourceVersion: string };
      }[];
    };
    for (const o of list.items)
      out.set(
        `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`,
        o.metadata.resourceVersion,
      );
  };
  add(kubectl(["get", kinds.join(","), "-n", namespace, "-o", "json", "--ignore-not-found"])); // empty when the namespace is gone
  add(kubectl(["get", "persistentvolumes,namespaces", "-o", "json"]));
  return out;
}

/** A snapshot taken once two reads 1.5 s apart agree (controllers finished the previous step). */
export async function settledResourceVersions(
  namespace: string,
  timeoutMs = 60_000,
): Promise<Map<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let prev = resourceVersions(namespace);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1500));
    const cur = resourceVersions(namespace);
    if (cur.size === prev.size && [...cur].every(([k, v]) => prev.get(k) === v)) return cur;
    if (Date.now() > deadline) throw new Error("cluster did not settle");
    prev = cur;
  }
}

export function namespaceExists(name: string): boolean {
  return kubectl(["get", "namespace", name, "--ignore-not-found", "-o", "name"]).trim() !== "";
}
