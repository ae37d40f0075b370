// Helpers for the action integration tests: a signed-in context, job waiting, and a snapshot of
// every object's resourceVersion in the stack's namespace plus the PVs (to prove "nothing changed").
import { randomBytes } from "node:crypto";
import { vi } from "vitest";
import type { ActionContext } from "@/lib/auth/server";
import { issueIntent } from "@/lib/auth/server";
import { findJob, type JobView } from "@/lib/jobs/server";
import { kubectl, resourceVersions, settledResourceVersions } from "../../support/kubectl";
import { core, waitFor } from "@/e2e/support/kube";

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

export { kubectl, resourceVersions, settledResourceVersions };

/** Action-log lines (type "audit") written to stdout while `fn` runs. */
export async function auditLinesOf(fn: () => Promise<unknown>): Promise<Record<string, string>[]> {
  const lines: Record<string, string>[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk, ...rest) => {
    for (const l of String(chunk).split("\n"))
      if (l.startsWith('{"time"')) lines.push(JSON.parse(l) as Record<string, string>);
    return write(chunk as string, ...(rest as []));
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return lines.filter((l) => l.type === "audit");
}

/** Events the dashboard recorded in `namespace` with this action name. */
export async function dashboardEvents(
  namespace: string,
  action: string,
): Promise<{ reason?: string; regarding?: string; note?: string }[]> {
  const list = await core.listNamespacedEvent({ namespace });
  return list.items
    .filter((e) => e.reportingComponent === "rommelporras.com/arr-dashboard" && e.action === action)
    .map((e) => ({
      reason: e.reason,
      regarding: `${e.involvedObject.kind}/${e.involvedObject.name}`,
      note: e.message,
    }));
}
