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

/** Re-reads the manifests (e.g. after an operator changed ARR_MANIFESTS' file) and replaces the cached stack. */
export function reloadStack(): Stack {
  const stack = loadStack();
  g.__arrStack = stack;
  return stack;
}
