import "server-only";
import { loadStack } from "./load";
import type { Stack } from "./types";

const g = globalThis as { __arrStack?: Stack };

/**
 * The process-wide desired state, loaded once from $ARR_MANIFESTS or ./k8s/media.
 * A load error is thrown to the caller and retried on the next call (nothing half-loaded is cached).
 */
export function getStack(): Stack {
  g.__arrStack ??= loadStack();
  return g.__arrStack;
}
