import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { highlightRule } from "@/lib/logs/highlights";
import type { LogLine } from "@/lib/logs/line";
import type { Result } from "@/lib/result";

/** The anchor the health reason links to. */
export const CAUSE_LOG_ID = "cause-log";

/**
 * The log lines that prove an app's health reason (F9: s6-applyuidgid / Operation not permitted
 * while a LinuxServer app is Running but not Ready), read on the server when the rule fires
 * (lib/logs/server.ts recentHighlightedLines; secrets are already masked there), or why they
 * could not be read (e.g. RBAC: get pods/log).
 */
export function CauseLogLines({
  read,
  tailLines,
}: {
  read: Result<{ pod: string; container: string; lines: LogLine[] }>;
  tailLines: number;
}) {
  return (
    <Card id={CAUSE_LOG_ID} data-testid="cause-log">
      <CardHeader
        title="Log lines behind this cause"
        subtitle={
          read.ok
            ? `Pod ${read.pod}, container ${read.container}: the matching lines of its last ${tailLines} log lines`
            : "The container's log could not be read"
        }
      />
      <CardBody>
        {!read.ok ? (
          <p className="text-sm text-rose-700 dark:text-rose-400" data-testid="cause-log-error">
            Could not read the log: {read.error}
          </p>
        ) : read.lines.length === 0 ? (
          <EmptyState>No matching line in the last {tailLines} lines of the log.</EmptyState>
        ) : (
          <ol className="overflow-x-auto rounded bg-slate-950 py-1 font-mono text-xs text-slate-100">
            {read.lines.map((l) => {
              const rule = l.h ? highlightRule(l.h) : undefined;
              return (
                <li
                  key={l.n}
                  className="border-l-2 border-rose-500 bg-rose-500/15 px-2 break-all whitespace-pre-wrap"
                  data-testid="cause-log-line"
                  data-highlight={l.h}
                  title={rule ? `${rule.title}: ${rule.hint}` : undefined}
                >
                  {l.ts ? (
                    <span className="mr-2 text-slate-400 select-none">{l.ts.slice(0, 23)}</span>
                  ) : null}
                  {l.text}
                </li>
              );
            })}
          </ol>
        )}
      </CardBody>
    </Card>
  );
}
