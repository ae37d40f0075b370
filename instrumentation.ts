/**
 * Runs once when the Next.js server starts. Starts the live model (watches on the stack's
 * objects) so the first page is served from a warm snapshot. Node runtime only: the edge
 * runtime has no client-node and no long-lived state.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getLiveModel } = await import("@/lib/k8s/live");
  try {
    getLiveModel();
  } catch (err) {
    // A bad manifest tree or kubeconfig must not stop the server: pages show the error and the
    // model is retried lazily on the next request.
    console.error("live model not started at boot:", err);
  }
}
