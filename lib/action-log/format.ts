/**
 * The action log ("audit records" in Kubernetes' sense — not the hardlink audit): who did what, to which object, when, with what outcome. One JSON line each on
 * stdout (collected by the cluster's log pipeline). Free text is trimmed and stripped of control
 * characters so a crafted value cannot forge extra log lines; secrets are never passed in.
 */

type AuditOutcome = "succeeded" | "failed" | "rejected";

export interface AuditEntry {
  /** "admin", or "anonymous" for rejected requests */
  actor: string;
  /** e.g. "deploy", "restart", "scale", "teardown", "release-pv", "login", "logout" */
  action: string;
  /** e.g. "media/deployment/sonarr", "stack", "namespace/media" */
  target: string;
  outcome: AuditOutcome;
  detail?: string;
  /** throttle key of the client (an IP or /64), never a credential */
  client?: string;
}

const MAX_FIELD = 500;

function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
  return t.length > MAX_FIELD ? `${t.slice(0, MAX_FIELD)}…` : t;
}

/** The JSON line for an entry (without the trailing newline). */
export function formatAuditLine(entry: AuditEntry, at: Date): string {
  const record: Record<string, string> = {
    time: at.toISOString(),
    level: entry.outcome === "succeeded" ? "info" : "warn",
    type: "audit",
    actor: clean(entry.actor),
    action: clean(entry.action),
    target: clean(entry.target),
    outcome: entry.outcome,
  };
  if (entry.detail) record.detail = clean(entry.detail);
  if (entry.client) record.client = clean(entry.client);
  return JSON.stringify(record);
}
