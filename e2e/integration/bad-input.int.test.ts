// At least 1000 malformed payloads at every action (the functions the server actions call, with a
// signed-in context), then proof that nothing in the cluster changed: every object's
// resourceVersion in the stack's namespace, the PVs and the Namespaces are as before.
import { beforeAll, describe, expect, it } from "vitest";
import { runAction } from "@/lib/actions/gate";
import { LoginInputSchema } from "@/lib/auth/server";
import { deployActions } from "@/lib/deploy/server";
import { hardlinkActions } from "@/lib/hardlinks/server";
import { findJob, jobRegistry } from "@/lib/jobs/server";
import { nfsActions } from "@/lib/nfs/server";
import { workloadActions } from "@/lib/workloads/server";
import { getStack } from "@/lib/stack/server";
import { malformedInputs } from "../support/fuzz";
import { adminContext, intentFor, settledResourceVersions, waitForJob } from "./support/actions";

const N = 1000;
const stack = getStack();
const ctx = adminContext();

type Fn = (
  input: unknown,
) => Promise<{ ok: boolean; error?: string }> | { ok: boolean; error?: string };

const ACTIONS: {
  name: string;
  fn: Fn;
  valid: Record<string, unknown>;
  skip?: (i: unknown) => boolean;
}[] = [
  {
    name: "prepareAppAction",
    fn: (i) => runAction(workloadActions.prepareAppAction, ctx, i),
    valid: { action: "restart", app: "sonarr" },
    skip: isValidPrepare,
  },
  {
    name: "restartApp",
    fn: (i) => runAction(workloadActions.restartApp, ctx, i),
    valid: { app: "sonarr", intent: "A".repeat(24) },
  },
  {
    name: "scaleApp",
    fn: (i) => runAction(workloadActions.scaleApp, ctx, i),
    valid: { app: "sonarr", replicas: 0, intent: "A".repeat(24) },
  },
  {
    name: "planDeploy",
    fn: (i) => runAction(deployActions.planDeploy, ctx, i),
    valid: { scope: "all" },
    skip: (i) =>
      isObj(i) &&
      Object.keys(i).length === 1 &&
      (i.scope === "all" || stack.apps.some((a) => a.name === i.scope)),
  },
  {
    name: "prepareDeploy",
    fn: (i) => runAction(deployActions.prepareDeploy, ctx, i),
    valid: {},
    skip: isEmptyObject,
  },
  {
    name: "startDeploy",
    fn: (i) => runAction(deployActions.startDeploy, ctx, i),
    valid: { scope: "all", intent: "A".repeat(24), releaseVolume: false },
  },
  {
    name: "prepareTeardown",
    fn: (i) => runAction(deployActions.prepareTeardown, ctx, i),
    valid: {},
    skip: isEmptyObject,
  },
  {
    name: "teardown",
    fn: (i) => runAction(deployActions.teardown, ctx, i),
    valid: { confirm: stack.namespace, intent: "A".repeat(24), password: "x" },
  },
  { name: "getJob", fn: (i) => findJob(i), valid: { id: "A".repeat(16) } },
  {
    name: "startHardlinkAudit",
    fn: (i) => runAction(hardlinkActions.startHardlinkAudit, ctx, i),
    valid: {},
    skip: (i) => i === undefined || isEmptyObject(i),
  },
  {
    name: "cancelHardlinkAudit",
    fn: (i) => runAction(hardlinkActions.cancelHardlinkAudit, ctx, i),
    valid: { id: "A".repeat(16) },
  },
  {
    name: "probeNfsNow",
    fn: (i) => runAction(nfsActions.probeNfsNow, ctx, i),
    valid: {},
    skip: (i) => i === undefined || isEmptyObject(i),
  },
];

function isObj(i: unknown): i is Record<string, unknown> {
  return typeof i === "object" && i !== null && !Array.isArray(i);
}
function isEmptyObject(i: unknown): boolean {
  return isObj(i) && Object.keys(i).length === 0;
}
function isValidPrepare(i: unknown): boolean {
  return (
    isObj(i) &&
    Object.keys(i).length === 2 &&
    ["restart", "stop", "start"].includes(i.action as string) &&
    (stack.apps.some((a) => a.name === i.app) || (i.app === "all" && i.action === "restart"))
  );
}

describe("bad input changes nothing", () => {
  let before: Map<string, string>;

  beforeAll(async () => {
    // The stack deployed (left so by the lifecycle test, or deployed here), then a quiet snapshot.
    const r = await runAction(deployActions.startDeploy, ctx, {
      scope: "all",
      intent: intentFor(ctx, "deploy", "stack"),
      releaseVolume: true,
    });
    if (!r.ok) throw new Error(r.error);
    expect((await waitForJob(r.jobId)).status).toBe("succeeded");
    before = await settledResourceVersions(stack.namespace);
  });

  for (const a of ACTIONS) {
    it(`${a.name}: ${N} malformed payloads all refused`, async () => {
      const inputs = malformedInputs(a.name.length * 7919 + 17, N + 300, a.valid).filter(
        (i) => !a.skip?.(i),
      );
      expect(inputs.length).toBeGreaterThanOrEqual(N);
      const jobsBefore = jobRegistry().latest()?.id;
      for (const input of inputs) {
        const r = await a.fn(input);
        expect(r.ok, `${a.name}(${JSON.stringify(input)?.slice(0, 200)})`).toBe(false);
        expect(typeof r.error).toBe("string");
        expect(r.error!.length).toBeLessThan(600);
      }
      // No job was started by any of them.
      expect(jobRegistry().latest()?.id).toBe(jobsBefore);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it("the login schema refuses malformed credentials", () => {
    for (const input of malformedInputs(4242, N, { password: "x" })) {
      const r = LoginInputSchema.safeParse(input);
      if (r.success) expect(Object.keys(input as object)).toEqual(["password"]);
    }
  });

  it("left every resourceVersion in the namespace, the PVs and the Namespaces as it was", async () => {
    const after = await settledResourceVersions(stack.namespace);
    expect(after.size).toBeGreaterThan(20);
    expect(after).toEqual(before);
  });
});
