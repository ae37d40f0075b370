"use server";
// Deploy, preview and teardown. Each action re-checks origin and session itself, validates its
// input with zod; mutations consume a single-use confirmation. Long work runs as a job.
import { gateAction } from "@/lib/auth/server";
import {
  planDeployFor,
  prepareDeployFor,
  prepareTeardownFor,
  startDeployFor,
  teardownFor,
} from "@/lib/actions/deploy";

export async function planDeploy(input: unknown) {
  const g = await gateAction("plan-deploy");
  if (!g.ok) return { ok: false as const, error: g.error };
  return planDeployFor(g.ctx, input);
}

export async function prepareDeploy(input: unknown) {
  const g = await gateAction("prepare-deploy");
  if (!g.ok) return { ok: false as const, error: g.error };
  return prepareDeployFor(g.ctx, input);
}

export async function startDeploy(input: unknown) {
  const g = await gateAction("deploy");
  if (!g.ok) return { ok: false as const, error: g.error };
  return startDeployFor(g.ctx, input);
}

export async function prepareTeardown(input: unknown) {
  const g = await gateAction("prepare-teardown");
  if (!g.ok) return { ok: false as const, error: g.error };
  return prepareTeardownFor(g.ctx, input);
}

export async function teardown(input: unknown) {
  const g = await gateAction("teardown");
  if (!g.ok) return { ok: false as const, error: g.error };
  return teardownFor(g.ctx, input);
}
