import { CustomObjectsApi } from "@kubernetes/client-node";
import { kc } from "@/e2e/support/kube";

export const custom = kc.makeApiClient(CustomObjectsApi);
