import "server-only";
import { recordEvent, type EventTarget } from "@/lib/k8s/events";
import { formatAuditLine, type AuditEntry } from "./format";

export type { AuditEntry, AuditOutcome } from "./format";

/** Writes the audit line to stdout. Used alone for rejected requests (no Event flood from bad input). */
export function auditLog(entry: AuditEntry): void {
  process.stdout.write(formatAuditLine(entry, new Date()) + "\n");
}

/**
 * Records an authorised action: the JSON line on stdout and a Kubernetes Event on the object.
 * An Event that cannot be written is itself logged; it never fails the action.
 */
export async function audit(
  entry: AuditEntry,
  on: EventTarget | EventTarget[],
  reason: string,
): Promise<void> {
  auditLog(entry);
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
        auditLog({
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
