import type { ManifestObject } from "@/lib/stack/types";

/** One finding of the manifest lint shown in the deploy preview. */
export interface LintFinding {
  /** `Deployment/media/radarr` */
  object: string;
  container: string;
  rule: "linuxserver-capabilities";
  message: string;
}

/** Capabilities LinuxServer's s6-overlay init needs to switch to PUID/PGID and chown /config. */
const LINUXSERVER_CAPABILITIES = ["CHOWN", "SETUID", "SETGID"] as const;

/** lscr.io/linuxserver/x, ghcr.io/linuxserver/x, docker.io/linuxserver/x, linuxserver/x. */
export function isLinuxServerImage(image: string): boolean {
  return /^(?:(?:lscr\.io|ghcr\.io|docker\.io|registry-1\.docker\.io)\/)?linuxserver\//.test(image);
}

interface ContainerLike {
  name?: unknown;
  image?: unknown;
  securityContext?: { capabilities?: { drop?: unknown; add?: unknown } };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Normalises "CAP_CHOWN" and "chown" to "CHOWN". */
function cap(c: string): string {
  return c.toUpperCase().replace(/^CAP_/, "");
}

/**
 * F9: a LinuxServer image whose container drops capabilities (ALL, or any of the three) without
 * adding CHOWN, SETUID and SETGID back: s6's init cannot switch to PUID (s6-applyuidgid:
 * Operation not permitted), the container stays Running and the app never starts. Pure: reads
 * Deployments' pod templates (init containers too).
 * @see https://github.com/linuxserver/docker-plex/issues/422
 * @see ../shared/reference/field-failures.md F9
 */
export function lintManifests(objects: readonly ManifestObject[]): LintFinding[] {
  const out: LintFinding[] = [];
  for (const o of objects) {
    if (o.kind !== "Deployment" && o.kind !== "StatefulSet" && o.kind !== "DaemonSet") continue;
    const podSpec = (
      o.spec as
        { template?: { spec?: { containers?: unknown; initContainers?: unknown } } } | undefined
    )?.template?.spec;
    const containers = [
      ...(Array.isArray(podSpec?.initContainers) ? podSpec.initContainers : []),
      ...(Array.isArray(podSpec?.containers) ? podSpec.containers : []),
    ] as ContainerLike[];
    for (const c of containers) {
      if (typeof c.image !== "string" || !isLinuxServerImage(c.image)) continue;
      const drop = strings(c.securityContext?.capabilities?.drop).map(cap);
      const add = new Set(strings(c.securityContext?.capabilities?.add).map(cap));
      const dropped = LINUXSERVER_CAPABILITIES.filter(
        (k) => (drop.includes("ALL") || drop.includes(k)) && !add.has(k) && !add.has("ALL"),
      );
      if (dropped.length === 0) continue;
      out.push({
        object: `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`,
        container: typeof c.name === "string" ? c.name : "",
        rule: "linuxserver-capabilities",
        message: `${c.image} is a LinuxServer image: its init switches to PUID/PGID and chowns /config, which needs ${dropped.join(", ")} (dropped${drop.includes("ALL") ? " with ALL" : ""}, not added back). Without ${dropped.length === 1 ? "it" : "them"} the container runs but the app never starts (s6-applyuidgid: Operation not permitted). Add ${dropped.join(", ")} to capabilities.add.`,
      });
    }
  }
  return out;
}
