// What the admission policies of k8s/dashboard/admission-policy.yaml allow the dashboard's
// ServiceAccount to run and change, derived from the code and the manifests, so the policy cannot
// drift from either: guard.test.ts compares the policy file with these values.
import { hardlinkAuditCommand } from "@/lib/hardlinks/command";
import { nfsProbeCommand, WRITABLE_SUBDIRS } from "@/lib/nfs/probe";
import type { Stack } from "./types";

/**
 * Every argv the dashboard execs in the stack's pods: the hardlink audit, and the NFS probe of
 * each app that mounts the shared claim (its writable dirs differ per app). Sorted, no duplicates.
 * @see lib/hardlinks/command.ts, lib/nfs/probe.ts, lib/k8s/nfs-health.ts
 */
export function allowedExecCommands(stack: Stack): string[][] {
  const m = stack.dataVolume.mountPath;
  const all = [
    hardlinkAuditCommand(m),
    ...stack.apps
      .filter((a) => a.mountsData)
      .map((a) =>
        nfsProbeCommand(
          m,
          (WRITABLE_SUBDIRS[a.name] ?? []).map((d) => `${m}/${d}`),
        ),
      ),
  ];
  const unique = new Map(all.map((c) => [JSON.stringify(c), c]));
  return [...unique.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, c]) => c);
}

/**
 * The CEL condition of the exec policy: the request's argv is one of `commands`, exactly.
 * Strings are written as JSON strings, which CEL reads the same way (\n, \", \\, \uXXXX).
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md#string-and-bytes-values
 */
export function execCommandCondition(commands: readonly string[][]): string {
  const list = commands.map((c) => `[${c.map((a) => JSON.stringify(a)).join(", ")}]`);
  return `has(object.command) && object.command in [${list.join(", ")}]`;
}

/**
 * The names and values the other policies allow, as the space-separated strings of the
 * `arr-dashboard-guard` ConfigMap (CEL splits them): the stack's Deployments, their images, its
 * Services, HTTPRoutes and their hostnames, and its network policy.
 */
export function guardParams(stack: Stack): Record<string, string> {
  const of = (kind: string) => stack.objects.filter((o) => o.kind === kind);
  const names = (kind: string) => of(kind).map((o) => o.metadata.name);
  const images = of("Deployment").flatMap((d) => {
    const spec = (d.spec as { template?: { spec?: Record<string, unknown> } }).template?.spec ?? {};
    return ["containers", "initContainers"].flatMap((k) =>
      ((spec[k] as { image?: string }[] | undefined) ?? []).map((c) => c.image ?? ""),
    );
  });
  const hostnames = of("HTTPRoute").flatMap(
    (r) => (r.spec as { hostnames?: string[] }).hostnames ?? [],
  );
  const join = (xs: string[]) => [...new Set(xs)].sort().join(" ");
  return {
    deployments: join(names("Deployment")),
    images: join(images),
    services: join(names("Service")),
    httpRoutes: join(names("HTTPRoute")),
    hostnames: join(hostnames),
    networkPolicies: join(names("CiliumNetworkPolicy")),
  };
}
