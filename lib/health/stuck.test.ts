import { describe, expect, it } from "vitest";
import { appHealth, type AppHealthInput } from "./app";
import { deployment, event, namespace, node, notReadyPod, pod, pvc } from "./fixtures";
import { attachmentHolder, stuckTerminating } from "./stuck";

const nodes = [node("kwok-node-0", false), node("kwok-node-1", true)];

// F8's input: the node's Ready condition Unknown, a finalizer on the app's pod, the pod deleted
// (Terminating), then Restart of a Recreate Deployment: the new pod is never created.
const stuckPod = pod({
  name: "radarr-6f7-old",
  nodeName: "kwok-node-0",
  deletionTimestamp: "2026-11-30T10:00:00.000Z",
  ready: false,
  claimNames: ["radarr-config", "arr-data"],
});

function input(over: Partial<AppHealthInput> = {}): AppHealthInput {
  return {
    name: "radarr",
    namespaceName: "media",
    known: true,
    namespace: namespace(),
    deployment: deployment({
      name: "radarr",
      strategy: "Recreate",
      readyReplicas: 0,
      availableReplicas: 0,
      updatedReplicas: 0,
      unavailableReplicas: 1,
    }),
    pods: [stuckPod],
    claims: [{ name: "radarr-config", pvc: pvc({ name: "radarr-config" }), pv: undefined }],
    events: [],
    nodes,
    ...over,
  };
}

describe("F8 stuck Terminating", () => {
  it("finds a Terminating pod on a NotReady or vanished node, not one on a Ready node", () => {
    expect(stuckTerminating([stuckPod], nodes).map((s) => s.why)).toEqual([
      "node kwok-node-0 is NotReady",
    ]);
    expect(stuckTerminating([{ ...stuckPod, nodeName: "gone" }], nodes)[0]?.why).toBe(
      "node gone no longer exists",
    );
    expect(stuckTerminating([{ ...stuckPod, nodeName: "kwok-node-1" }], nodes)).toEqual([]);
    expect(stuckTerminating([{ ...stuckPod, deletionTimestamp: undefined }], nodes)).toEqual([]);
  });

  it("names the blocking pod and node as the cause (Degraded, not Progressing) for Recreate", () => {
    const h = appHealth(input());
    expect(h.status).toBe("Degraded");
    expect(h.reason).toBe(
      "Pod radarr-6f7-old is stuck Terminating: node kwok-node-0 is NotReady; the Recreate rollout waits for it, so no new pod starts",
    );
    expect(h.details[0]).toMatch(/force-delete the pod once you are sure the node is down/);
  });

  it("does not blame a stuck pod while a replacement is ready (RollingUpdate carried on)", () => {
    const h = appHealth(
      input({
        deployment: deployment({ name: "radarr", strategy: "RollingUpdate" }),
        pods: [stuckPod, pod({ name: "radarr-6f7-new", nodeName: "kwok-node-1" })],
      }),
    );
    expect(h.status).toBe("Healthy");
  });

  it("without node data says nothing about nodes (Progressing as before)", () => {
    expect(appHealth(input({ nodes: [] })).reason).not.toMatch(/stuck/);
  });
});

describe("F8 Multi-Attach", () => {
  const failing = notReadyPod(
    { state: { kind: "waiting", reason: "ContainerCreating" } },
    {
      name: "radarr-6f7-new",
      nodeName: "kwok-node-1",
      phase: "Pending",
      claimNames: ["radarr-config", "arr-data"],
    },
  );
  const multiAttach = event({
    involved: { kind: "Pod", name: "radarr-6f7-new" },
    type: "Warning",
    reason: "FailedAttachVolume",
    message:
      'Multi-Attach error for volume "pvc-3c1e2d4f" Volume is already exclusively attached to one node and can\'t be attached to another',
  });

  it("names the node that still holds the volume", () => {
    expect(attachmentHolder(failing, [stuckPod, failing])).toEqual({
      node: "kwok-node-0",
      pod: "radarr-6f7-old",
    });
    const h = appHealth(
      input({
        deployment: deployment({ name: "radarr", strategy: "RollingUpdate" }),
        pods: [failing],
        namespacePods: [failing, { ...stuckPod, deletionTimestamp: undefined }],
        events: [multiAttach],
      }),
    );
    expect(h.status).toBe("Degraded");
    expect(h.reason).toBe(
      "FailedAttachVolume (volume pvc-3c1e2d4f): the volume is still attached to node kwok-node-0 (pod radarr-6f7-old)",
    );
    expect(h.details[0]).toMatch(/^FailedAttachVolume \(volume pvc-3c1e2d4f\): Multi-Attach error/);
  });
});
