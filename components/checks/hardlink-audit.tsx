"use client";

import { useState, useTransition } from "react";
import { cancelHardlinkAudit, startHardlinkAudit } from "@/app/actions/checks";
import { useJob } from "@/components/jobs/use-job";
import { Button } from "@/components/ui/button";
import { formatBytes, formatDuration } from "@/lib/format";
import type { JobView } from "@/lib/jobs/registry";
import { HardlinkReportView } from "./hardlink-report";

/** Runs the audit (a job) and follows its progress over the job stream; shows the last result meanwhile. */
export function HardlinkAudit({ initial }: { initial: JobView<"hardlink-audit"> | null }) {
  const { job, follow, lost } = useJob(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = () =>
    startTransition(async () => {
      setError(null);
      const r = await startHardlinkAudit();
      if (!r.ok) setError(r.error);
      else follow(r.id);
    });
  const cancel = () =>
    startTransition(async () => {
      if (!job) return;
      const r = await cancelHardlinkAudit({ id: job.id });
      if (!r.ok) setError(r.error);
    });

  const running = job?.status === "running";
  const p = job?.detail.progress;
  const result = job?.detail.run;
  const shownError = error ?? (lost ? "Lost the progress stream; reload to see the result." : null);
  return (
    <section>
      <div className="flex items-center gap-3">
        <Button variant="primary" onClick={run} disabled={pending || running}>
          {running ? "Auditing…" : "Run audit"}
        </Button>
        {running && (
          <Button onClick={cancel} disabled={pending}>
            Cancel
          </Button>
        )}
        {job && (
          <span
            data-testid="audit-state"
            data-state={job.status === "running" ? "running" : "done"}
            data-status={job.status}
            className="text-sm text-slate-500"
          >
            in pod <span className="font-mono">{job.detail.pod}</span>, started{" "}
            {new Date(job.startedAt).toLocaleTimeString()}
          </span>
        )}
      </div>
      {shownError && (
        <p
          role="alert"
          className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-500/10 dark:text-rose-300"
        >
          {shownError}
        </p>
      )}
      {running && (
        <p data-testid="audit-progress" className="mt-3 text-sm tabular-nums">
          {p
            ? `${p.files.toLocaleString()} files (${formatBytes(p.bytes)}) read in ${formatDuration(p.elapsedMs)}${p.cannotCheck ? `, ${p.cannotCheck} could not be checked` : ""}`
            : "Starting…"}
        </p>
      )}
      {result && (
        <div data-testid="audit-result" className="mt-4">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {result.outcome.complete
              ? `Finished in ${formatDuration(result.durationMs)}`
              : `Did not finish: ${result.outcome.reason}`}{" "}
            · {formatBytes(result.stdoutBytes)} of output
          </p>
          {!result.outcome.complete && result.report && (
            <p className="mt-1 text-sm text-amber-800 dark:text-amber-300">
              Partial result: only what was read before it stopped.
            </p>
          )}
          {result.report && (
            <div className="mt-3">
              <HardlinkReportView report={result.report} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
