import { describe, expect, it } from "vitest";
import type { V1Deployment, V1Namespace, V1Pod } from "@kubernetes/client-node";
import { reshapeDeployment, reshapeNamespace, reshapePod } from "./map";

/**
 * The reshape boundary decides what every user sees. The same object reaches it in two shapes:
 * from a LIST, deserialised by client-node (timestamps are Date objects, items carry no kind), and
 * from a WATCH event (plain JSON: timestamps are RFC 3339 strings, kind and apiVersion present).
 * Every case runs on both, and both must give the same view.
 */
const T = "2026-11-25T10:00:00Z";
const ISO = "2026-11-25T10:00:00.000Z";

/** The WATCH shape of an object: plain JSON with its kind (what the watch stream carries). */
function watchShape<T extends object>(kind: string, apiVersion: string, o: T): T {
  return { kind, apiVersion, ...JSON.parse(JSON.stringify(o)) } as T;
}
/** The LIST shape: client-node turns every date-time field into a Date. */
function listShape<T extends object>(o: T): T {
  return JSON.parse(JSON.stringify(o), (k, v) =>
    typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v) && /Time|Timestamp|At$/.test(k)
      ? new Date(v)
      : v,
  ) as T;
}

function pod(over: { conditions?: object[]; containerStatuses?: object[]; deleted?: boolean }) {
  return {
    metadata: {
      name: "sonarr-5c4-x1",
      namespace: "media",
      uid: "u1",
      creationTimestamp: T,
      ...(over.deleted ? { deletionTimestamp: T } : {}),
      labels: { "app.kubernetes.io/name": "sonarr" },
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "sonarr-5c4",
          uid: "rs",
          controller: true,
        },
      ],
    },
    spec: {
      nodeName: "k8s-node-1",
      containers: [{ name: "sonarr", image: "lscr.io/linuxserver/sonarr:4.0.19" }],
      volumes: [
        { name: "data", persistentVolumeClaim: { claimName: "arr-data" } },
        { name: "tmp", emptyDir: {} },
      ],
    },
    status: {
      phase: "Running",
      conditions: over.conditions ?? [],
      containerStatuses: over.containerStatuses ?? [],
    },
  } as unknown as V1Pod;
}

const both = <T extends object>(kind: string, apiVersion: string, o: T): [string, T][] => [
  ["LIST", listShape(o)],
  ["WATCH", watchShape(kind, apiVersion, o)],
];

describe("reshapePod", () => {
  const cases: {
    name: string;
    raw: V1Pod;
    expect: { ready: boolean; state?: string; restarts?: number; deletion?: string };
  }[] = [
    {
      name: "Ready only when the Ready condition is True (not from phase Running)",
      raw: pod({
        conditions: [
          { type: "PodScheduled", status: "True", lastTransitionTime: T },
          { type: "Ready", status: "False", reason: "ContainersNotReady", lastTransitionTime: T },
        ],
        containerStatuses: [
          {
            name: "sonarr",
            ready: false,
            restartCount: 3,
            image: "x",
            imageID: "",
            state: { waiting: { reason: "CrashLoopBackOff" } },
          },
        ],
      }),
      expect: { ready: false, state: "waiting", restarts: 3 },
    },
    {
      name: "no conditions at all is not Ready",
      raw: pod({}),
      expect: { ready: false },
    },
    {
      name: "Ready True with a running container",
      raw: pod({
        conditions: [{ type: "Ready", status: "True", lastTransitionTime: T }],
        containerStatuses: [
          {
            name: "sonarr",
            ready: true,
            restartCount: 0,
            image: "x",
            imageID: "",
            state: { running: { startedAt: T } },
          },
        ],
      }),
      expect: { ready: true, state: "running", restarts: 0 },
    },
    {
      name: "a terminating pod keeps its deletionTimestamp",
      raw: pod({ conditions: [{ type: "Ready", status: "True" }], deleted: true }),
      expect: { ready: true, deletion: ISO },
    },
  ];
  for (const c of cases)
    for (const [shape, raw] of both("Pod", "v1", c.raw))
      it(`${c.name} (${shape})`, () => {
        const v = reshapePod(raw);
        expect(v.ready).toBe(c.expect.ready);
        expect(v.createdAt).toBe(ISO);
        expect(v.deletionTimestamp).toBe(c.expect.deletion);
        expect(v.ownerReplicaSet).toBe("sonarr-5c4");
        expect(v.claimNames).toEqual(["arr-data"]);
        const container = v.containers.find((x) => x.name === "sonarr");
        if (c.expect.state) expect(container?.state.kind).toBe(c.expect.state);
        else expect(container?.state.kind).toBe("unknown");
        expect(container?.restartCount).toBe(c.expect.restarts ?? 0);
        expect(container?.ready).toBe(c.expect.ready && c.expect.state === "running");
      });

  it("gives the same view from LIST and WATCH shapes", () => {
    const raw = pod({
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: T }],
      containerStatuses: [
        {
          name: "sonarr",
          ready: true,
          restartCount: 1,
          image: "x",
          imageID: "",
          state: { running: { startedAt: T } },
          lastState: { terminated: { exitCode: 137, reason: "OOMKilled", finishedAt: T } },
        },
      ],
    });
    const list = listShape(raw);
    const watch = watchShape("Pod", "v1", raw);
    expect(reshapePod(list)).toEqual(reshapePod(watch));
    expect(reshapePod(list).containers[0]?.lastTermination).toEqual({
      reason: "OOMKilled",
      exitCode: 137,
      finishedAt: ISO,
    });
  });
});

describe("reshapeDeployment", () => {
  const deployment = (spec: object, status: object | undefined) =>
    ({
      metadata: {
        name: "sonarr",
        namespace: "media",
        uid: "d1",
        generation: 3,
        creationTimestamp: T,
      },
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/name": "sonarr" } },
        template: { spec: { containers: [{ name: "sonarr", image: "img:1" }] } },
        ...spec,
      },
      ...(status ? { status } : {}),
    }) as unknown as V1Deployment;

  const cases: { name: string; raw: V1Deployment; expect: Record<string, number> }[] = [
    {
      name: "missing spec.replicas is the API default 1, not 0",
      raw: deployment(
        {},
        {
          observedGeneration: 3,
          replicas: 1,
          readyReplicas: 1,
          availableReplicas: 1,
          updatedReplicas: 1,
        },
      ),
      expect: { specReplicas: 1, readyReplicas: 1, observedGeneration: 3 },
    },
    {
      name: "explicit 0 replicas stays 0 (stopped)",
      raw: deployment({ replicas: 0 }, { observedGeneration: 3 }),
      expect: { specReplicas: 0, replicas: 0, readyReplicas: 0 },
    },
    {
      name: "no status yet: nothing observed, nothing ready",
      raw: deployment({ replicas: 1 }, undefined),
      expect: { specReplicas: 1, observedGeneration: 0, readyReplicas: 0, availableReplicas: 0 },
    },
  ];
  for (const c of cases)
    for (const [shape, raw] of both("Deployment", "apps/v1", c.raw))
      it(`${c.name} (${shape})`, () => {
        const v = reshapeDeployment(raw);
        for (const [k, want] of Object.entries(c.expect))
          expect(v[k as keyof typeof v], k).toBe(want);
        expect(v.generation).toBe(3);
        expect(v.selector).toEqual({ "app.kubernetes.io/name": "sonarr" });
        expect(v.createdAt).toBe(ISO);
      });
});

describe("reshapeNamespace", () => {
  const ns = {
    metadata: { name: "media", uid: "n1", creationTimestamp: T, deletionTimestamp: T },
    status: {
      phase: "Terminating",
      conditions: [
        {
          type: "NamespaceContentRemaining",
          status: "True",
          message: "Some resources are remaining: pods. has 2 resource instances",
          lastTransitionTime: T,
        },
        { type: "NamespaceDeletionDiscoveryFailure", status: "False", lastTransitionTime: T },
      ],
    },
  } as unknown as V1Namespace;
  for (const [shape, raw] of both("Namespace", "v1", ns))
    it(`says what is still being removed while Terminating (${shape})`, () => {
      const v = reshapeNamespace(raw);
      expect(v.phase).toBe("Terminating");
      expect(v.remaining).toBe("Some resources are remaining: pods. has 2 resource instances");
    });
});
