import type { ManifestObject, Stack, StackApp } from "@/lib/stack/types";

/** "all", or one app's name. */
export type DeployScope = string;

function hostnames(o: ManifestObject): string[] {
  const spec = o.spec as { hostnames?: unknown } | undefined;
  return Array.isArray(spec?.hostnames)
    ? spec.hostnames.filter((h): h is string => typeof h === "string")
    : [];
}

/** The app an object belongs to, or undefined for shared objects (namespace, PV, data claim, policy). */
export function ownerApp(o: ManifestObject, apps: readonly StackApp[]): string | undefined {
  for (const app of apps) {
    if (o.kind === "Deployment" && o.metadata.name === app.name) return app.name;
    if (o.kind === "Service" && o.metadata.name === app.serviceName) return app.name;
    if (o.kind === "PersistentVolumeClaim" && o.metadata.name === app.configClaim.name)
      return app.name;
    if (
      o.kind === "HTTPRoute" &&
      (o.metadata.name === app.name || (app.host !== undefined && hostnames(o).includes(app.host)))
    )
      return app.name;
  }
  const label = o.metadata.labels?.["app.kubernetes.io/name"];
  return label && apps.some((a) => a.name === label) ? label : undefined;
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
