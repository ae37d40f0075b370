// The admission policies of k8s/dashboard/admission-policy.yaml are load-bearing: RBAC lets the
// dashboard's account create RoleBindings, PersistentVolumes and Namespaces of any name, and only
// the policies keep those to the stack's own. If an operator deletes a policy or its binding, the
// dashboard must notice and stop mutating. These are the requests that must be refused; the
// server dry-runs them (nothing is stored) at start and every few minutes (lib/guard/server.ts).
import type { ManifestObject } from "@/lib/stack/types";

const NAME = "arr-dashboard-guard-probe";

/** One request the API server must refuse, and which policy refusing it proves present. */
export interface GuardProbe {
  what: string;
  object: ManifestObject;
}

/** The probes: a RoleBinding elsewhere, a hostPath PV, another Namespace. */
export function guardProbes(ownServiceAccount: { namespace: string; name: string }): GuardProbe[] {
  return [
    {
      what: "a RoleBinding outside the stack's namespace (policy arr-dashboard-rolebindings)",
      object: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: NAME, namespace: "kube-system" },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "ClusterRole",
          name: "arr-dashboard-media",
        },
        subjects: [{ kind: "ServiceAccount", ...ownServiceAccount }],
      },
    },
    {
      what: "a hostPath PersistentVolume (policy arr-dashboard-persistentvolumes)",
      object: {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: NAME },
        spec: {
          capacity: { storage: "1Gi" },
          accessModes: ["ReadWriteOnce"],
          persistentVolumeReclaimPolicy: "Retain",
          hostPath: { path: "/" },
        },
      },
    },
    {
      what: "another Namespace (policy arr-dashboard-namespaces)",
      object: { apiVersion: "v1", kind: "Namespace", metadata: { name: NAME } },
    },
  ];
}

/** What a dry-run create answered: 2xx (admitted), or the API server's status and message. */
export type ProbeAnswer = { admitted: true } | { admitted: false; status: number; message: string };

export type GuardVerdict =
  | { state: "held" }
  /** The dashboard runs as another user (a developer's admin): the policies do not cover it. */
  | { state: "not-covered"; user: string }
  /** The API server could not be asked (or answered something else): nothing proven either way. */
  | { state: "unknown"; reason: string }
  | { state: "breached"; reason: string };

/**
 * Judges the probes' answers: any admitted probe means a policy is missing → breached (every
 * mutating action is refused until a later check holds). A 403 is the refusal that must happen
 * (from the policy, or from RBAC if an operator narrowed it further). Anything else: unknown.
 */
export function judgeProbes(
  answers: readonly { probe: GuardProbe; answer: ProbeAnswer }[],
): GuardVerdict {
  const admitted = answers.filter((a) => a.answer.admitted);
  if (admitted.length > 0)
    return {
      state: "breached",
      reason: `The API server admitted ${admitted.map((a) => a.probe.what).join("; ")} from the dashboard's ServiceAccount (dry run): its admission policies are missing, so every action that changes the cluster is disabled. Apply k8s/dashboard (admission-policy.yaml) again.`,
    };
  const odd = answers.find((a) => !a.answer.admitted && a.answer.status !== 403);
  if (odd && !odd.answer.admitted)
    return {
      state: "unknown",
      reason: `could not check ${odd.probe.what}: ${odd.answer.status} ${odd.answer.message.slice(0, 200)}`,
    };
  return { state: "held" };
}
