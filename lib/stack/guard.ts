// What the admission policies of k8s/dashboard/admission-policy.yaml allow the dashboard's
// ServiceAccount to run and change, derived from the code and the manifests, so the policy cannot
// drift from either: guard.test.ts compares the policy file with these values.
import { hardlinkAuditCommand, killCommand } from "@/lib/hardlinks/command";
import { MAX_PAIR_STAT_PATHS, pairStatCommand } from "@/lib/hardlinks/pairs";
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

const cel = (s: string) => JSON.stringify(s); // CEL reads JSON strings the same way

/**
 * The CEL condition of the exec policy: the request's argv is one of `allowedExecCommands` exactly, or
 * - the kill exec (lib/hardlinks/command.ts `killCommand`): its fixed script and one pid of 1 to
 *   7 digits;
 * - the import-pair stat (lib/hardlinks/pairs.ts `pairStatCommand`): `stat -c FORMAT --` and 1 to
 *   `MAX_PAIR_STAT_PATHS` paths under the data mount, none with a control character or a `.`/`..`
 *   segment (the rule of `pathProblem`). stat only reads metadata.
 * Strings are written as JSON strings, which CEL reads the same way (\n, \", \\, \uXXXX); the
 * size bound comes first so the per-element checks never run on a long list.
 * @see https://github.com/google/cel-spec/blob/master/doc/langdef.md#string-and-bytes-values
 * @see https://kubernetes.io/docs/reference/using-api/cel/ (lists' `all` macro, `matches` is RE2)
 */
export function execCommandCondition(stack: Stack): string {
  const mountPath = stack.dataVolume.mountPath;
  const list = allowedExecCommands(stack).map((c) => `[${c.map(cel).join(", ")}]`);
  const fixedPrefix = (prefix: readonly string[]) =>
    prefix.map((a, i) => `object.command[${i}] == ${cel(a)}`).join(" && ");
  const kill = killCommand(2).slice(0, -1);
  const stat = pairStatCommand([]);
  const safePath = [
    `a.startsWith(${cel(`${mountPath}/`)})`,
    `!a.matches(${cel("[\\x00-\\x1f\\x7f]")})`,
    `!a.matches(${cel("(^|/)\\.\\.?(/|$)")})`,
  ].join(" && ");
  return [
    `has(object.command) && (`,
    `  object.command in [${list.join(", ")}] ||`,
    `  (object.command.size() == ${kill.length + 1} && ${fixedPrefix(kill)} && object.command[${kill.length}].matches("^[1-9][0-9]{0,6}$")) ||`,
    `  (object.command.size() > ${stat.length} && object.command.size() <= ${stat.length + MAX_PAIR_STAT_PATHS} && ${fixedPrefix(stat)} && object.command.all(a, a in [${stat.map(cel).join(", ")}] || (${safePath})))`,
    `)`,
  ].join("\n");
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
