import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { EventsV1Api } from "@kubernetes/client-node";
import { kubeConfig } from "./client";
import { k8sError } from "./errors";

/** events.k8s.io wants MicroTime (6 fractional digits); client-node sends Date#toISOString (3). */
class MicroTime extends Date {
  override toISOString(): string {
    return super.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  }
}

export interface EventTarget {
  apiVersion: string;
  kind: string;
  name: string;
  /** absent for cluster-scoped objects (PV, Namespace) */
  namespace?: string;
}

/**
 * Records an events.k8s.io/v1 Event about an object. Events about cluster-scoped objects must
 * live in `default` (API validation), so teardown and PV release events land there.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
 */
export async function recordEvent(
  target: EventTarget,
  e: { action: string; reason: string; note: string; warning: boolean },
): Promise<void> {
  const namespace = target.namespace ?? "default";
  const api = kubeConfig().makeApiClient(EventsV1Api);
  try {
    await api.createNamespacedEvent({
      namespace,
      body: {
        apiVersion: "events.k8s.io/v1",
        kind: "Event",
        metadata: {
          name: `${target.name}.arr-${Date.now().toString(16)}${randomBytes(3).toString("hex")}`,
          namespace,
        },
        eventTime: new MicroTime(),
        reportingController: "rommelporras.com/arr-dashboard",
        reportingInstance: hostname().slice(0, 128),
        action: e.action.slice(0, 128),
        reason: e.reason.slice(0, 128),
        note: e.note.slice(0, 1024),
        type: e.warning ? "Warning" : "Normal",
        regarding: {
          apiVersion: target.apiVersion,
          kind: target.kind,
          name: target.name,
          namespace: target.namespace,
        },
      },
    });
  } catch (err) {
    throw new Error(`could not record Event in ${namespace}: ${k8sError(err).message}`, {
      cause: err,
    });
  }
}
