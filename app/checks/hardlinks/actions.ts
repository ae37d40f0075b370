"use server";

import { z } from "zod";
import { gateAction } from "@/lib/auth/server";
import { auditJobs } from "@/lib/checks/hardlink-jobs";
import { metrics } from "@/lib/metrics";

type Result<T> = ({ ok: true } & T) | { ok: false; error: string };

// The audit's command is fixed in code: the start action takes no options at all.
const StartInputSchema = z.strictObject({}).optional();
const CancelInputSchema = z.strictObject({ id: z.uuid() });

/** Starts the hardlink audit (or joins the one running); returns the job id to follow. */
export async function startHardlinkAudit(input?: unknown): Promise<Result<{ id: string }>> {
  const gate = await gateAction("hardlinks.start");
  if (!gate.ok) {
    metrics.countAction("hardlinks.start", "denied");
    return { ok: false, error: gate.error };
  }
  if (!StartInputSchema.safeParse(input).success)
    return { ok: false, error: "the audit takes no options" };
  const r = auditJobs().start();
  metrics.countAction("hardlinks.start", r.ok ? "ok" : "error");
  return r;
}

export async function cancelHardlinkAudit(input: unknown): Promise<Result<object>> {
  const gate = await gateAction("hardlinks.cancel");
  if (!gate.ok) {
    metrics.countAction("hardlinks.cancel", "denied");
    return { ok: false, error: gate.error };
  }
  const parsed = CancelInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid audit id" };
  const cancelled = auditJobs().cancel(parsed.data.id);
  metrics.countAction("hardlinks.cancel", cancelled ? "ok" : "error");
  return cancelled ? { ok: true } : { ok: false, error: "that audit is not running" };
}
