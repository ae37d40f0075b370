/**
 * Runs once when the Next.js server starts. Starts the live model (watches on the stack's
 * objects) so the first page is served from a warm snapshot, and the scheduled NFS probes. Node runtime only: the edge
 * runtime has no client-node and no long-lived state.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First: no request body that is length-less or too big is read at all (issue 17).
  const { installBodyGuard } = await import("@/lib/http/server");
  const { MAX_ACTION_BODY_BYTES } = await import("@/lib/auth/limits");
  installBodyGuard(MAX_ACTION_BODY_BYTES);
  // Load the admin credentials now: on the embedded default's first start this generates the
  // password and prints it once; a malformed ARR_ADMIN_PASSWORD_HASH is reported at boot.
  const { authConfig } = await import("@/lib/auth/config");
  await authConfig().catch((err: unknown) =>
    console.error("auth configuration:", err instanceof Error ? err.message : err),
  );
  // The admission policies are load-bearing: dry-run what they must refuse, now and every 5 min.
  const { startGuardChecks } = await import("@/lib/guard/server");
  startGuardChecks();
  const { getLiveModel, stopLiveModel } = await import("@/lib/k8s/live");
  const { exitOnSignals } = await import("@/lib/metrics/lifecycle");
  exitOnSignals(stopLiveModel);
  try {
    getLiveModel();
    // NFS probes run on their own schedule (never on a page load): lib/nfs/server.ts.
    const { nfsProber } = await import("@/lib/nfs/server");
    nfsProber().start();
  } catch (err) {
    // A bad manifest tree or kubeconfig must not stop the server: pages show the error and the
    // model is retried lazily on the next request.
    console.error("live model not started at boot:", err);
  }
}
