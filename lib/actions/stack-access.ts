import "server-only";
import { accessView, type AccessView } from "@/lib/k8s/access";
import { getStack } from "@/lib/stack/server";
import type { Stack } from "@/lib/stack/types";

/** The dashboard's rights over this stack (cached SelfSubjectAccessReviews). */
export function stackAccess(stack: Stack = getStack()): Promise<AccessView> {
  return accessView({
    namespace: stack.namespace,
    pvName: stack.dataVolume.pvName,
    objects: stack.objects,
    deploymentNames: stack.apps.map((a) => a.name),
  });
}
