import "server-only";
import { accessView, type AccessView } from "@/lib/k8s/access";
import { getStack } from "@/lib/stack/server";
import type { Stack } from "@/lib/stack/types";

/** The dashboard's rights over this stack (cached SelfSubjectAccessReviews, lib/k8s/access.ts). */
export function stackAccess(stack: Stack = getStack()): Promise<AccessView> {
  return accessView({
    namespace: stack.namespace,
    pvName: stack.dataVolume.pvName,
    objects: stack.objects,
    deploymentNames: stack.apps.map((a) => a.name),
  });
}

/** Per capability: null when allowed, else why not (for disabled buttons). Safe to pass to the browser. */
export interface ActionAvailability {
  reachable: boolean;
  deploy: string | null;
  restart: string | null;
  scale: string | null;
  teardown: string | null;
  releasePv: string | null;
}

/** What the dashboard may do right now. */
export async function actionAvailability(): Promise<ActionAvailability> {
  const a = await stackAccess();
  const why = (p: { allowed: boolean; reason?: string }) =>
    p.allowed ? null : (p.reason ?? "not allowed");
  return {
    reachable: a.reachable,
    deploy: why(a.can.deploy),
    restart: why(a.can.restart),
    scale: why(a.can.scale),
    teardown: why(a.can.teardown),
    releasePv: why(a.can.releasePv),
  };
}
