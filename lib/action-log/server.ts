import "server-only";
import { recordEvent, type EventTarget } from "@/lib/k8s/events";
import { formatAuditLine, type AuditEntry } from "./format";

export type { AuditEntry } from "./format";

/**
 * Writes the action's audit line to stdout (one JSON object, lib/action-log/format.ts). Used alone
 * for rejected requests and read-only actions (no Event flood from bad input).
 */
export function logAction(entry: AuditEntry): void {
  process.stdout.write(formatAuditLine(entry, new Date()) + "\n");
}

/**
 * Records an authorised action: the JSON line on stdout and a Kubernetes Event on the object.
 * An Event that cannot be written is itself logged; it never fails the action.
 */
export async function recordAction(
  entry: AuditEntry,
  on: EventTarget | EventTarget[],
  reason: string,
): Promise<void> {
  logAction(entry);
  const targets = Array.isArray(on) ? on : [on];
  const note = `${entry.action} by ${entry.actor}: ${entry.outcome}${entry.detail ? ` — ${entry.detail}` : ""}`;
  await Promise.all(
    targets.map((t) =>
      recordEvent(t, {
        action: entry.action,
        reason,
        note,
        warning: entry.outcome !== "succeeded",
      }).catch((e: unknown) =>
        logAction({
          actor: "arr-dashboard",
          action: "record-event",
          target: `${t.kind}/${t.namespace ?? ""}/${t.name}`,
          outcome: "failed",
          detail: e instanceof Error ? e.message : String(e),
        }),
      ),
    ),
  );
}
