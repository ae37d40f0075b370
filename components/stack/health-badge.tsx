import { Badge, type Tone } from "@/components/ui/badge";
import type { HealthStatus } from "@/lib/health/types";

const HEALTH_TONE: Record<HealthStatus, Tone> = {
  Healthy: "green",
  Progressing: "blue",
  Degraded: "red",
  Missing: "amber",
  Stopped: "slate",
  Unknown: "violet",
};

export function HealthBadge({ status, testId }: { status: HealthStatus; testId?: string }) {
  return (
    <Badge tone={HEALTH_TONE[status]} dot data-testid={testId} data-status={status}>
      {status}
    </Badge>
  );
}

/** Text colour for a health reason line. */
export function reasonClass(status: HealthStatus): string {
  switch (status) {
    case "Degraded":
      return "text-rose-700 dark:text-rose-300";
    case "Missing":
      return "text-amber-800 dark:text-amber-300";
    case "Progressing":
      return "text-sky-800 dark:text-sky-300";
    default:
      return "text-slate-600 dark:text-slate-400";
  }
}
