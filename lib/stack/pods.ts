/**
 * The one answer to "which pods belong to app X". Pure: a function of the app as the loader
 * recorded it (lib/stack) and the live pods (lib/cluster). Used by the overview, the app page,
 * the checklist, the budget, the exec checks' pod choice and the deploy job; nothing else may
 * guess it again from labels or ReplicaSet names.
 */
import type { PodTarget, PodView } from "@/lib/cluster/types";
import type { Stack, StackApp } from "./types";

/**
 * The app's pods (terminating ones included; callers filter on `deletionTimestamp`): those whose
 * labels carry every key/value of the app's Deployment selector (`spec.selector.matchLabels`,
 * recorded by the loader). It is the Deployment controller's own rule, and the selector is
 * immutable in apps/v1, so the manifests' selector is the live one too.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector
 */
export function appPods(app: Pick<StackApp, "selector">, pods: readonly PodView[]): PodView[] {
  const selector = Object.entries(app.selector);
  if (selector.length === 0) return []; // the loader refuses empty selectors; never match everything
  return pods.filter((p) => selector.every(([k, v]) => p.labels[k] === v));
}

/** The app a pod belongs to (by the same rule), or undefined for a pod of no app of the stack. */
export function podApp(pod: PodView, apps: readonly StackApp[]): StackApp | undefined {
  return apps.find((a) => appPods(a, [pod]).length === 1);
}

/** Apps whose pods run the exec checks first: they import, so they mount both trees. */
const PREFERRED_EXEC_APPS = ["radarr", "sonarr"] as const;

/**
 * Where exec checks can run: each Ready, Running, non-terminating pod of an app that mounts the
 * shared data claim (per the manifests, and per the pod's own volumes), Radarr then Sonarr first,
 * then the others by name; the container is the app's main container as the loader recorded it.
 */
export function dataPodTargets(
  stack: Pick<Stack, "apps" | "dataVolume">,
  pods: readonly PodView[],
): { target: PodTarget; app: StackApp }[] {
  const rank = (name: string) => {
    const i = (PREFERRED_EXEC_APPS as readonly string[]).indexOf(name);
    return i === -1 ? PREFERRED_EXEC_APPS.length : i;
  };
  return stack.apps
    .filter((a) => a.mountsData)
    .flatMap((app) =>
      appPods(app, pods)
        .filter(
          (p) =>
            p.ready &&
            p.phase === "Running" &&
            !p.deletionTimestamp &&
            p.claimNames.includes(stack.dataVolume.pvcName),
        )
        .map((p) => ({
          app,
          target: { namespace: p.namespace, pod: p.name, container: app.containerName },
        })),
    )
    .sort(
      (a, b) => rank(a.app.name) - rank(b.app.name) || a.target.pod.localeCompare(b.target.pod),
    );
}
