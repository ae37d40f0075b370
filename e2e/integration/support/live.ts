import type { ClusterView } from "@/lib/cluster/types";
import type { LiveModel } from "@/lib/k8s/live/model";

/**
 * Resolves with the first snapshot of `model` that satisfies `pred`, checking on every
 * notification; rejects after `timeoutMs` with `what` and the model's status.
 */
export function untilSnapshot(
  model: LiveModel,
  pred: (s: ClusterView) => boolean,
  timeoutMs = 60_000,
  what = "condition",
): Promise<ClusterView> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const s = model.snapshot();
      if (pred(s)) {
        off();
        clearTimeout(timer);
        resolve(s);
      }
    };
    const off = model.subscribe(check);
    const timer = setTimeout(() => {
      off();
      const s = model.snapshot();
      reject(
        new Error(
          `${what} not met within ${timeoutMs} ms (version ${s.version}, status ${JSON.stringify(s.status)})`,
        ),
      );
    }, timeoutMs);
    check();
  });
}
