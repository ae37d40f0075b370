import type { ConditionView, HttpRouteView, ParentRefView } from "@/lib/cluster/types";
import { health, type Health } from "./types";

/** Gateway API defaults for a ParentReference's group and kind. */
const GATEWAY_GROUP = "gateway.networking.k8s.io";

/**
 * How long a current parentRef may go without any controller reporting on it before it gets
 * its own hint. Controllers normally write status within seconds of a spec change.
 */
export const UNREPORTED_GRACE_MS = 2 * 60_000;

/** The verdict on one current parentRef of a route. */
export interface RouteParentVerdict {
  /** The parentRef as written in the spec. */
  ref: ParentRefView;
  /** `namespace/name[#section][:port]` with defaults applied. */
  label: string;
  /**
   * accepted: a controller reports Accepted and ResolvedRefs True for the current generation.
   * rejected: a current condition is False. not-observed: entries exist but none is current
   * (observedGeneration older than the route) or Accepted is not set yet. unreported: no
   * controller has written an entry for this parentRef.
   */
  state: "accepted" | "rejected" | "not-observed" | "unreported";
  /** One line: which condition and controller decided the state. */
  why: string;
  controllers: string[];
  /** The current-generation conditions that decided the state (all entries' when none is current). */
  conditions: ConditionView[];
}

export interface RouteVerdict {
  health: Health;
  parents: RouteParentVerdict[];
  /** `status.parents` entries for parents no longer in `spec.parentRefs` (ignored). */
  staleEntries: number;
}

function key(ref: ParentRefView, routeNamespace: string): string {
  return [
    ref.group || GATEWAY_GROUP,
    ref.kind || "Gateway",
    ref.namespace || routeNamespace,
    ref.name,
    ref.sectionName ?? "",
    ref.port ?? "",
  ].join("/");
}

function label(ref: ParentRefView, routeNamespace: string): string {
  return `${ref.namespace || routeNamespace}/${ref.name}${ref.sectionName ? `#${ref.sectionName}` : ""}${ref.port ? `:${ref.port}` : ""}`;
}

function describe(c: ConditionView, where: string): string {
  return `${c.type}=${c.status} on ${where}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ""})` : ""}`;
}

/**
 * Reads an HTTPRoute's `status.parents` the way the Gateway API means it:
 * - only entries whose parentRef matches a current `spec.parentRefs` entry count (controllers
 *   may leave entries behind for parents that were removed);
 * - a condition whose `observedGeneration` is older than the route's `metadata.generation`
 *   describes an older spec: "not yet observed", neither pass nor fail (Progressing);
 * - a parentRef no controller has reported on is Progressing for UNREPORTED_GRACE_MS after the
 *   spec last changed, then Degraded with a hint of its own.
 * Rejected (Accepted or ResolvedRefs False at the current generation) is Degraded.
 * `now` is epoch milliseconds.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.RouteParentStatus
 * @see ../shared/reference/field-failures.md F11
 */
export function routeVerdict(route: HttpRouteView, now: number): RouteVerdict {
  const ns = route.namespace;
  const currentKeys = new Set(route.parentRefs.map((r) => key(r, ns)));
  const staleEntries = route.parents.filter((p) => !currentKeys.has(key(p.parentRef, ns))).length;
  const since = route.specChangedAt ? Date.parse(route.specChangedAt) : NaN;
  // Without a time (fixtures) nothing says how long it has been: no hint.
  const quietFor = Number.isNaN(since) ? 0 : now - since;

  const parents = route.parentRefs.map((ref): RouteParentVerdict => {
    const k = key(ref, ns);
    const entries = route.parents.filter((p) => key(p.parentRef, ns) === k);
    const base = {
      ref,
      label: label(ref, ns),
      controllers: entries.flatMap((e) => e.controllerName ?? []),
    };
    if (entries.length === 0) {
      return {
        ...base,
        state: "unreported",
        why:
          quietFor > UNREPORTED_GRACE_MS
            ? `no Gateway controller has reported on ${base.label} for ${Math.round(quietFor / 60_000)} min: check that the Gateway exists and that its GatewayClass's controller is running`
            : `no Gateway controller has reported on ${base.label} yet`,
        conditions: [],
      };
    }
    const current = (c: ConditionView) =>
      route.generation === undefined ||
      c.observedGeneration === undefined ||
      c.observedGeneration >= route.generation;
    let notObserved: RouteParentVerdict | undefined;
    for (const e of entries) {
      const conds = e.conditions.filter(current);
      const by = e.controllerName ? ` (${e.controllerName})` : "";
      const bad = conds.find(
        (c) => (c.type === "Accepted" || c.type === "ResolvedRefs") && c.status === "False",
      );
      const good = ["Accepted", "ResolvedRefs"].every((t) =>
        conds.some((c) => c.type === t && c.status === "True"),
      );
      if (good)
        return {
          ...base,
          state: "accepted",
          why: `accepted by ${base.label}${by}`,
          conditions: conds,
        };
      if (bad)
        return {
          ...base,
          state: "rejected",
          why: `${describe(bad, base.label)}${by}`,
          conditions: conds,
        };
      if (!notObserved) {
        const old = e.conditions.find((c) => !current(c));
        notObserved = {
          ...base,
          state: "not-observed",
          why: old
            ? `${base.label}${by} has not observed generation ${route.generation} yet (its conditions are for generation ${old.observedGeneration})`
            : `${base.label}${by} has not set Accepted yet`,
          conditions: conds.length > 0 ? conds : e.conditions,
        };
      }
    }
    return (
      notObserved ?? {
        ...base,
        state: "not-observed",
        why: `${base.label} has not set Accepted yet`,
        conditions: [],
      }
    );
  });

  const details = [
    ...parents.map((p) => p.why),
    ...(staleEntries > 0
      ? [
          `${staleEntries} status entr${staleEntries === 1 ? "y" : "ies"} for parents no longer referenced (ignored)`,
        ]
      : []),
  ];
  let h: Health;
  const rejected = parents.find((p) => p.state === "rejected");
  const lost = parents.find((p) => p.state === "unreported" && quietFor > UNREPORTED_GRACE_MS);
  const waiting = parents.find((p) => p.state === "not-observed" || p.state === "unreported");
  if (parents.length === 0)
    h = health("Degraded", `${route.name} has no parentRefs: no Gateway serves it`, details);
  else if (rejected) h = health("Degraded", rejected.why, details);
  else if (lost) h = health("Degraded", lost.why, details);
  else if (waiting) h = health("Progressing", waiting.why, details);
  else h = health("Healthy", `accepted by ${parents.map((p) => p.label).join(", ")}`, details);
  return { health: h, parents, staleEntries };
}
