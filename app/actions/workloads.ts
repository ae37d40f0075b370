"use server";
// Restart / stop / start. Each action re-checks origin and session itself (the proxy is not a
// gate), validates its input with zod and consumes a single-use confirmation.
import { revalidatePath } from "next/cache";
import { gateAction } from "@/lib/auth/server";
import { prepareAppActionFor, restartAppFor, scaleAppFor } from "@/lib/actions/workloads";

export async function prepareAppAction(input: unknown) {
  const g = await gateAction("prepare-app-action");
  if (!g.ok) return { ok: false as const, error: g.error };
  return prepareAppActionFor(g.ctx, input);
}

export async function restartApp(input: unknown) {
  const g = await gateAction("restart");
  if (!g.ok) return { ok: false as const, error: g.error };
  const r = await restartAppFor(g.ctx, input);
  if (r.ok) revalidatePath("/", "layout");
  return r;
}

export async function scaleApp(input: unknown) {
  const g = await gateAction("scale");
  if (!g.ok) return { ok: false as const, error: g.error };
  const r = await scaleAppFor(g.ctx, input);
  if (r.ok) revalidatePath("/", "layout");
  return r;
}
