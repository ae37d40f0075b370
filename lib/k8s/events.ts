import "server-only";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { EventsV1Api } from "@kubernetes/client-node";
import { eventPlacement, type EventTarget } from "@/lib/action-log/event-placement";
import { kubeConfig } from "./client";
import { k8sError } from "./errors";

/** events.k8s.io wants MicroTime (6 fractional digits); client-node sends Date#toISOString (3). */
class MicroTime extends Date {
  override toISOString(): string {
    return super.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  }
}

export type { EventTarget };

/**
 * The dashboard's own namespace, where it may write Events: $ARR_DASHBOARD_NAMESPACE (the
 * Deployment sets it from the downward API), else the pod's (the ServiceAccount mount), else —
 * outside a cluster, with the developer's credentials — `default`.
 */
function dashboardNamespace(): string {
  if (process.env.ARR_DASHBOARD_NAMESPACE) return process.env.ARR_DASHBOARD_NAMESPACE;
  try {
    return readFileSync("/var/run/secrets/kubernetes.io/serviceaccount/namespace", "utf8").trim();
  } catch {
    return "default";
  }
}

/** Records an events.k8s.io/v1 Event about an object (placed by `eventPlacement`). */
export async function recordEvent(
  target: EventTarget,
  e: { action: string; reason: string; note: string; warning: boolean },
): Promise<void> {
  const { namespace, regarding, related } = eventPlacement(target, dashboardNamespace());
  const api = kubeConfig().makeApiClient(EventsV1Api);
  try {
    await api.createNamespacedEvent({
      namespace,
      body: {
        apiVersion: "events.k8s.io/v1",
        kind: "Event",
        metadata: {
          name: `${(related ?? regarding).name}.arr-${Date.now().toString(16)}${randomBytes(3).toString("hex")}`,
          namespace,
        },
        eventTime: new MicroTime(),
        reportingController: "rommelporras.com/arr-dashboard",
        reportingInstance: hostname().slice(0, 128),
        action: e.action.slice(0, 128),
        reason: e.reason.slice(0, 128),
        note: e.note.slice(0, 1024),
        type: e.warning ? "Warning" : "Normal",
        regarding,
        ...(related
          ? { related: { apiVersion: related.apiVersion, kind: related.kind, name: related.name } }
          : {}),
      },
    });
  } catch (err) {
    throw new Error(`could not record Event in ${namespace}: ${k8sError(err).message}`, {
      cause: err,
    });
  }
}
