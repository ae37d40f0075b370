import type { ManifestObject, Stack, StackApp } from "@/lib/stack/types";

/** "all", or one app's name. */
export type DeployScope = string;

/**
 * The app an object belongs to, by the names the loader recorded for each app (its Deployment,
 * Service, HTTPRoute and config claim), or undefined for shared objects (namespace, PV, data
 * claim, policy). No guessing from labels or hostnames.
 */
export function ownerApp(o: ManifestObject, apps: readonly StackApp[]): string | undefined {
  const name = o.metadata.name;
  return apps.find(
    (app) =>
      (o.kind === "Deployment" && name === app.name) ||
      (o.kind === "Service" && name === app.serviceName) ||
      (o.kind === "PersistentVolumeClaim" && name === app.configClaim.name) ||
      (o.kind === "HTTPRoute" && name === app.routeName),
  )?.name;
}

/**
 * Objects to apply for a scope, in the stack's apply order: everything for "all"; for one app,
 * the shared objects it depends on (namespace, PV, data claim, policy) plus its own.
 */
export function objectsForScope(stack: Stack, scope: DeployScope): ManifestObject[] {
  if (scope === "all") return stack.objects;
  return stack.objects.filter((o) => {
    const owner = ownerApp(o, stack.apps);
    return owner === undefined || owner === scope;
  });
}

/** Apps whose rollout a deploy of this scope waits for. */
export function appsForScope(stack: Stack, scope: DeployScope): StackApp[] {
  return scope === "all" ? stack.apps : stack.apps.filter((a) => a.name === scope);
}

/**
 * Groups consecutive objects of the same kind: each group can be applied in parallel while the
 * groups keep the dependency order (Namespace → PV → PVCs → Deployments → …).
 */
export function applyWaves<T extends { kind: string }>(objects: readonly T[]): T[][] {
  const waves: T[][] = [];
  for (const o of objects) {
    const last = waves.at(-1);
    if (last && last[0]?.kind === o.kind) last.push(o);
    else waves.push([o]);
  }
  return waves;
}
