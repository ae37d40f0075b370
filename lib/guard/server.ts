import "server-only";
import { dryRunCreate, whoAmI } from "@/lib/k8s/access";
import { guardProbes, judgeProbes, type GuardVerdict } from "./probes";

/** How often the policies are checked again (and at start). */
const INTERVAL_MS = 5 * 60_000;

interface GuardState {
  verdict: GuardVerdict;
  checkedAt: number;
  timer?: NodeJS.Timeout;
}

function state(): GuardState {
  const g = globalThis as { __arrGuard?: GuardState };
  g.__arrGuard ??= { verdict: { state: "unknown", reason: "not checked yet" }, checkedAt: 0 };
  return g.__arrGuard;
}

/** The account whose requests the policies match (in a pod: its own; the manifests' name). */
function ownServiceAccount(): { namespace: string; name: string } {
  return {
    namespace: process.env.ARR_DASHBOARD_NAMESPACE ?? "arr-dashboard",
    name: "arr-dashboard",
  };
}

/** Dry-runs every probe now and records the verdict; a breach is logged as an error. */
export async function checkGuards(): Promise<GuardVerdict> {
  const sa = ownServiceAccount();
  const user = await whoAmI().catch(() => null);
  let verdict: GuardVerdict;
  if (user === null) verdict = { state: "unknown", reason: "the API server could not be asked" };
  else if (user !== `system:serviceaccount:${sa.namespace}:${sa.name}`)
    // The policies match the ServiceAccount only; `npm start` runs with the developer's admin.
    verdict = { state: "not-covered", user };
  else {
    const answers = await Promise.all(
      guardProbes(sa).map(async (probe) => ({ probe, answer: await dryRunCreate(probe.object) })),
    );
    verdict = judgeProbes(answers);
  }
  const s = state();
  if (verdict.state === "breached" && s.verdict.state !== "breached")
    console.error(`[arr-dashboard] ${verdict.reason}`);
  s.verdict = verdict;
  s.checkedAt = Date.now();
  return verdict;
}

/** Checks at start and every INTERVAL_MS (instrumentation.ts); failures are retried next time. */
export function startGuardChecks(): void {
  const s = state();
  if (s.timer) return;
  const run = () => void checkGuards().catch(() => {});
  run();
  s.timer = setInterval(run, INTERVAL_MS);
  s.timer.unref();
}

/**
 * Why mutations are disabled, or null: only a proven breach disables them (an unreachable API
 * server already makes every mutation fail on its own).
 */
export function guardBlock(): string | null {
  const v = state().verdict;
  return v.state === "breached" ? v.reason : null;
}
