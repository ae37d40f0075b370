"use client";

import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ObjectOutcome, RolloutPhase } from "@/lib/deploy/job";
import type { JobView } from "@/lib/jobs/registry";

const OUTCOME_TONE: Record<ObjectOutcome, Tone> = {
  pending: "slate",
  applying: "blue",
  created: "green",
  configured: "violet",
  unchanged: "slate",
  failed: "red",
  skipped: "amber",
};

const PHASE_TONE: Record<RolloutPhase, Tone> = {
  pending: "slate",
  waiting: "blue",
  ready: "green",
  stopped: "amber",
  failed: "red",
  timeout: "red",
};

function elapsed(job: JobView): string {
  const end = job.finishedAt ? Date.parse(job.finishedAt) : Date.now();
  return `${((end - Date.parse(job.startedAt)) / 1000).toFixed(1)} s`;
}

/** Per-object outcome and per-app rollout of a deploy (or the log of a teardown), live. */
export function JobProgress({ job }: { job: JobView<"deploy" | "teardown"> }) {
  const detail = job.kind === "deploy" ? job.detail : { objects: [], rollouts: [] };
  const statusTone: Tone =
    job.status === "running" ? "blue" : job.status === "succeeded" ? "green" : "red";
  return (
    <Card data-testid="job-progress" data-status={job.status} data-job-id={job.id}>
      <CardHeader
        title={`${job.kind === "deploy" ? "Deploy" : "Teardown"} · ${job.scope}`}
        subtitle={`started ${new Date(job.startedAt).toLocaleTimeString()} · ${elapsed(job)}`}
        actions={
          <Badge tone={statusTone} dot data-testid="job-status">
            {job.status}
          </Badge>
        }
      />
      <CardBody className="space-y-4">
        {job.summary ? (
          <p data-testid="job-summary" className="text-sm font-medium">
            {job.summary}
          </p>
        ) : null}
        {detail.objects.length ? (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-500 dark:text-slate-400">
                <tr>
                  <th className="py-1 pr-3 font-medium">Kind</th>
                  <th className="py-1 pr-3 font-medium">Name</th>
                  <th className="py-1 pr-3 font-medium">Outcome</th>
                  <th className="py-1 font-medium">Message</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {detail.objects.map((o) => (
                  <tr
                    key={o.key}
                    data-testid="object-row"
                    data-key={o.key}
                    data-outcome={o.outcome}
                  >
                    <td className="py-1.5 pr-3 text-slate-500 dark:text-slate-400">{o.kind}</td>
                    <td className="py-1.5 pr-3 font-mono text-xs">
                      {o.namespace ? `${o.namespace}/${o.name}` : o.name}
                    </td>
                    <td className="py-1.5 pr-3">
                      <Badge tone={OUTCOME_TONE[o.outcome]}>{o.outcome}</Badge>
                    </td>
                    <td className="py-1.5 text-xs text-slate-600 dark:text-slate-300">
                      {o.message}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {detail.rollouts.length ? (
          <div>
            <h3 className="mb-1.5 text-xs font-semibold text-slate-500 uppercase dark:text-slate-400">
              Rollouts
            </h3>
            <ul className="grid gap-1.5 sm:grid-cols-2 lg:grid-cols-3">
              {detail.rollouts.map((r) => (
                <li
                  key={r.app}
                  data-testid="rollout-row"
                  data-app={r.app}
                  data-phase={r.phase}
                  className="flex items-center justify-between gap-2 rounded-md border border-slate-100 px-2.5 py-1.5 dark:border-slate-800"
                >
                  <span className="font-medium">{r.app}</span>
                  <span className="flex min-w-0 items-center gap-2">
                    <span
                      className="truncate text-xs text-slate-500 dark:text-slate-400"
                      title={r.message}
                    >
                      {r.message}
                    </span>
                    <Badge tone={PHASE_TONE[r.phase]} dot>
                      {r.phase}
                    </Badge>
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {job.log.length ? (
          <ol
            className="space-y-0.5 font-mono text-xs text-slate-600 dark:text-slate-300"
            data-testid="job-log"
          >
            {job.log.map((l, i) => (
              <li key={i}>
                <span className="text-slate-400">{new Date(l.at).toLocaleTimeString()}</span>{" "}
                {l.text}
              </li>
            ))}
          </ol>
        ) : null}
      </CardBody>
    </Card>
  );
}
