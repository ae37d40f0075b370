import "server-only";
import { getStack } from "@/lib/stack/server";
import { kubeConfig } from "../client";
import { createLiveModel, type LiveModel } from "./model";

export type { LiveModel } from "./model";
export type * from "@/lib/cluster/types";

const KEY = Symbol.for("arr-dashboard.live-model");
type Holder = { [KEY]?: LiveModel };

/**
 * The process-wide live model: one set of watches on the stack's namespace (from k8s/media)
 * and the cluster-scoped objects it uses, shared by every page, route handler and browser tab.
 * Started by instrumentation.ts at server start, or lazily by the first caller. Kept on
 * globalThis because Next's dev reloads and separate module graphs would otherwise make copies.
 *
 * ```ts
 * const live = getLiveModel();
 * live.snapshot();            // ClusterView: small typed views, JSON-safe
 * live.status.connected;      // false while the API server is unreachable: disable mutations
 * const off = live.subscribe((version) => …); // coalesced change notifications
 * ```
 */
export function getLiveModel(): LiveModel {
  const g = globalThis as Holder;
  g[KEY] ??= createLiveModel({ kubeConfig: kubeConfig(), namespace: getStack().namespace });
  return g[KEY];
}

/** Stops and forgets the process-wide model (tests; SIGTERM). */
export async function stopLiveModel(): Promise<void> {
  const g = globalThis as Holder;
  const m = g[KEY];
  delete g[KEY];
  await m?.stop();
}
