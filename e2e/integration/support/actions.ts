// Helpers for the action integration tests: a signed-in context, job waiting, and a snapshot of
// every object's resourceVersion in the stack's namespace plus the PVs (to prove "nothing changed").
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { ActionContext } from "@/lib/auth/server";
import { issueIntent } from "@/lib/auth/server";
import { findJob, type JobView } from "@/lib/jobs/server";
import { core, waitFor } from "./kube";

export function adminContext(): ActionContext {
  return { actor: "admin", sid: randomBytes(16).toString("base64url"), client: "integration-test" };
}

export function intentFor(ctx: ActionContext, action: string, target: string): string {
  const t = issueIntent(ctx, action, target);
  if (!t) throw new Error("intent store full");
  return t;
}

export async function waitForJob(jobId: string, timeoutMs = 180_000): Promise<JobView> {
  return waitFor(
    `job ${jobId}`,
    async () => {
      const r = findJob(jobId);
      if (!r.ok) throw new Error(r.error);
      return r.job.status === "running" ? undefined : r.job;
    },
    timeoutMs,
  );
}

function kubectl(args: string[]): string {
  const bin = process.env.ARR_BIN_DIR ? `${process.env.ARR_BIN_DIR}/kubectl` : "kubectl";
  return execFileSync(bin, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** `kind/namespace/name → resourceVersion` for every listable namespaced resource in `namespace`, plus PVs. */
export function resourceVersions(namespace: string): Map<string, string> {
  const kinds = kubectl(["api-resources", "--verbs=list", "--namespaced", "-o", "name"])
    .split("\n")
    .filter((k) => k && !k.startsWith("events"));
  const out = new Map<string, string>();
  const add = (json: string) => {
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
  add(
    kubectl(["get", kinds.join(","), "-n", namespace, "-o", "json", "--ignore-not-found"]) ||
      '{"items":[]}',
  );
  add(kubectl(["get", "persistentvolumes,namespaces", "-o", "json"]));
  return out;
}

/**
 * A snapshot taken once the cluster is quiet (two reads 1.5 s apart agree), so writes by the
 * controllers still finishing the previous step are not mistaken for the next step's.
 */
export async function settledResourceVersions(
  namespace: string,
  timeoutMs = 60_000,
): Promise<Map<string, string>> {
  let prev = resourceVersions(namespace);
  return waitFor(
    "a quiet cluster",
    async () => {
      await new Promise((r) => setTimeout(r, 1500));
      const cur = resourceVersions(namespace);
      const same = cur.size === prev.size && [...cur].every(([k, v]) => prev.get(k) === v);
      prev = cur;
      return same ? cur : undefined;
    },
    timeoutMs,
  );
}

export async function namespaceGone(name: string, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    `namespace ${name} gone`,
    async () => {
      try {
        await core.readNamespace({ name });
        return undefined;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    },
    timeoutMs,
  );
}

export { kubectl };
