"use server";

import { z } from "zod";
import { gateAction } from "@/lib/auth/server";
import { auditJobs } from "@/lib/checks/hardlink-jobs";
import { metrics } from "@/lib/metrics";

type Result<T> = ({ ok: true } & T) | { ok: false; error: string };

/** Starts the hardlink audit (or joins the one running); returns the job id to follow. */
export async function startHardlinkAudit(): Promise<Result<{ id: string }>> {
  const gate = await gateAction("hardlinks.start");
  if (!gate.ok) {
    metrics.countAction("hardlinks.start", "denied");
    return { ok: false, error: gate.error };
  }
  const r = auditJobs().start();
  metrics.countAction("hardlinks.start", r.ok ? "ok" : "error");
  return r;
}

const IdSchema = z.uuid();

export async function cancelHardlinkAudit(id: unknown): Promise<Result<object>> {
  const gate = await gateAction("hardlinks.cancel");
  if (!gate.ok) {
    metrics.countAction("hardlinks.cancel", "denied");
    return { ok: false, error: gate.error };
  }
  const parsed = IdSchema.safeParse(id);
  if (!parsed.success) return { ok: false, error: "invalid audit id" };
  const cancelled = auditJobs().cancel(parsed.data);
  metrics.countAction("hardlinks.cancel", cancelled ? "ok" : "error");
  return cancelled ? { ok: true } : { ok: false, error: "that audit is not running" };
}
