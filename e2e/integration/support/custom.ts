import { CustomObjectsApi } from "@kubernetes/client-node";
import { kc } from "./kube";

export const custom = kc.makeApiClient(CustomObjectsApi);
