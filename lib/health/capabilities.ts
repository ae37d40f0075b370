import type { PodView } from "@/lib/cluster/types";
import type { LintFinding } from "@/lib/deploy/lint";
import type { HighlightId } from "@/lib/logs/highlights";
import { health, type Health } from "./types";

/** When a container has no probe to say otherwise: how long Running-but-not-Ready is still startup. */
const DEFAULT_STARTUP_WINDOW_MS = 120_000;

/** The log lines s6-overlay prints when it cannot switch to PUID/PGID (what to look for). */
const CAPABILITY_LOG_MARKERS = ["s6-applyuidgid", "Operation not permitted"] as const;

/**
 * The log highlights (lib/logs/highlights.ts) that show this cause: s6 failing to switch user,
 * and the permission errors that follow when it runs on as the wrong user.
 */
const CAPABILITY_HIGHLIGHTS: readonly HighlightId[] = ["s6-uidgid", "permission-denied"];

interface ProbeLike {
  initialDelaySeconds?: unknown;
  periodSeconds?: unknown;
  failureThreshold?: unknown;
}

const num = (v: unknown, d: number) => (typeof v === "number" && v >= 0 ? v : d);

/**
 * How long a container may be Running but not Ready before that stops being "starting": from
 * its startupProbe, else its readinessProbe (initialDelaySeconds + periodSeconds ×
 * failureThreshold, Kubernetes' defaults 0, 10 s, 3), else DEFAULT_STARTUP_WINDOW_MS; never less
 * than 30 s. Input: a manifest container (unknown shape). Output: milliseconds.
 * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
 */
export function startupWindowMs(container: unknown): number {
  const c = (container ?? {}) as { startupProbe?: ProbeLike; readinessProbe?: ProbeLike };
  const p = c.startupProbe ?? c.readinessProbe;
  if (!p) return DEFAULT_STARTUP_WINDOW_MS;
  const s = num(p.initialDelaySeconds, 0) + num(p.periodSeconds, 10) * num(p.failureThreshold, 3);
  return Math.max(30_000, s * 1000);
}

/**
 * F9: an app whose manifest lint flagged a LinuxServer container without CHOWN/SETUID/SETGID
 * (`findings`, from lintManifests) and whose pod runs that container but has not been Ready for
 * longer than its startup window: the likely cause is s6's init failing to switch to PUID, not
 * a slow start. Returns that verdict (Degraded, with what to look for in the log and, as
 * `logEvidence`, the pod, container and highlights whose lines prove it), or null when
 * the rule does not apply (no finding, pod Ready, terminating, or still inside the window).
 * `now` and `windowMs` in milliseconds. Pure.
 * @see ../shared/reference/field-failures.md F9
 */
export function capabilityStall(input: {
  app: string;
  findings: readonly LintFinding[];
  pods: readonly PodView[];
  now: number;
  windowMs: (container: string) => number;
}): Health | null {
  const flagged = new Map(input.findings.map((f) => [f.container, f]));
  if (flagged.size === 0) return null;
  for (const pod of input.pods) {
    if (pod.deletionTimestamp || pod.phase !== "Running" || pod.ready) continue;
    for (const c of pod.containers) {
      const finding = flagged.get(c.name);
      if (!finding || c.init || c.ready || c.state.kind !== "running") continue;
      const started = Date.parse(c.state.startedAt ?? pod.createdAt ?? "");
      if (!Number.isFinite(started)) continue;
      const waited = input.now - started;
      if (waited <= input.windowMs(c.name)) continue;
      return {
        ...health(
          "Degraded",
          `${input.app}: Running but not Ready for ${Math.round(waited / 60_000)} min — its LinuxServer init likely cannot switch to PUID (capabilities dropped)`,
          [
            finding.message,
            `Pod ${pod.name}, container ${c.name}: look for "${CAPABILITY_LOG_MARKERS.join('" / "')}" in its log.`,
          ],
        ),
        logEvidence: { pod: pod.name, container: c.name, highlights: CAPABILITY_HIGHLIGHTS },
      };
    }
  }
  return null;
}
