"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { cancelHardlinkAudit, startHardlinkAudit } from "@/app/checks/hardlinks/actions";
import type { AuditJobView } from "@/lib/checks/hardlink-jobs";
import { formatBytes } from "@/lib/nfs/probe";
import { HardlinkReportView } from "./hardlink-report";

/** Runs the audit and follows its progress over SSE; shows the last result meanwhile. */
export function HardlinkAudit({ initial }: { initial: AuditJobView | null }) {
  const [job, setJob] = useState<AuditJobView | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const source = useRef<EventSource | null>(null);

  const follow = (id: string) => {
    source.current?.close();
    const es = new EventSource(`/api/checks/hardlinks/${id}/events`);
    source.current = es;
    es.addEventListener("audit", (e) => {
      const v = JSON.parse((e as MessageEvent<string>).data) as AuditJobView;
      setJob(v);
      if (v.state === "done") es.close();
    });
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED)
        setError("Lost the progress stream; reload to see the result.");
    };
  };

  useEffect(() => {
    if (initial?.state === "running") follow(initial.id);
    return () => source.current?.close();
  }, [initial]);

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

  const running = job?.state === "running";
  const p = job?.progress;
  const run_ = job?.run;
  return (
    <section>
      <div className="flex items-center gap-3">
        <button
          type="button"
          onClick={run}
          disabled={pending || running}
          className="rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
        >
          {running ? "Auditing…" : "Run audit"}
        </button>
        {running && (
          <button
            type="button"
            onClick={cancel}
            disabled={pending}
            className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Cancel
          </button>
        )}
        {job && (
          <span data-testid="audit-state" data-state={job.state} className="text-sm text-slate-500">
            in pod <span className="font-mono">{job.pod}</span>, started{" "}
            {new Date(job.startedAt).toLocaleTimeString()}
          </span>
        )}
      </div>
      {error && (
        <p
          role="alert"
          className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      {running && (
        <p data-testid="audit-progress" className="mt-3 text-sm tabular-nums">
          {p
            ? `${p.files.toLocaleString()} files (${formatBytes(p.bytes)}) read in ${(p.elapsedMs / 1000).toFixed(1)} s${p.cannotCheck ? `, ${p.cannotCheck} could not be checked` : ""}`
            : "Starting…"}
        </p>
      )}
      {run_ && (
        <div data-testid="audit-result" className="mt-4">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {run_.outcome.complete
              ? `Finished in ${(run_.durationMs / 1000).toFixed(1)} s`
              : `Did not finish: ${run_.outcome.reason}`}{" "}
            · {formatBytes(run_.stdoutBytes)} of output
          </p>
          {!run_.outcome.complete && run_.report && (
            <p className="mt-1 text-sm text-amber-800 dark:text-amber-300">
              Partial result: only what was read before it stopped.
            </p>
          )}
          {run_.report && (
            <div className="mt-3">
              <HardlinkReportView report={run_.report} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
