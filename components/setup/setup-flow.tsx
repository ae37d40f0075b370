"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { startHardlinkAudit } from "@/app/actions/checks";
import { prepareDeploy, startDeploy } from "@/app/actions/deploy";
import { previewWiring, wireAll, wireStep } from "@/app/actions/wiring";
import { VerdictBadge } from "@/components/checks/verdict-badge";
import { JobProgress } from "@/components/deploy/job-progress";
import { useJob } from "@/components/jobs/use-job";
import { useConnectivity, useDashboardView } from "@/components/live/live-provider";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ActionAvailability } from "@/lib/actions/availability";
import type { WireStepProgress } from "@/lib/wiring/job";
import type { WiringRequest, WiringStep } from "@/lib/wiring/plan";
import type { SetupPageState } from "@/lib/wiring/server";

const STATUS_TONE: Record<WiringStep["status"], Tone> = {
  ok: "green",
  fix: "blue",
  blocked: "amber",
};
const STATE_TONE: Record<WireStepProgress["state"], Tone> = {
  pending: "slate",
  running: "blue",
  done: "green",
  unchanged: "slate",
  failed: "red",
  skipped: "amber",
  blocked: "amber",
};

/** A request as the preview shows it: method, path, body; secrets appear only as their Secret key name. */
function requestText(r: WiringRequest): string {
  const body =
    r.json !== undefined
      ? JSON.stringify(r.json, null, 2)
      : r.form
        ? new URLSearchParams(r.form).toString()
        : "";
  const shown = body.replace(/<secret:([A-Z_]+)>/g, "•••• ($1 from the Secret)");
  return `${r.method} ${r.path}${shown ? `\n${shown}` : ""}`;
}

function Step({
  n,
  title,
  done,
  children,
}: {
  n: number;
  title: string;
  done: boolean;
  children: React.ReactNode;
}) {
  return (
    <Card data-testid={`setup-step-${n}`} data-done={done ? "true" : "false"}>
      <CardHeader
        title={`${n}. ${title}`}
        actions={
          done ? (
            <Badge tone="green" dot>
              done
            </Badge>
          ) : (
            <Badge tone="slate">to do</Badge>
          )
        }
      />
      <CardBody className="space-y-3">{children}</CardBody>
    </Card>
  );
}

function PlanTable({
  plan,
  onStep,
  disabled,
}: {
  plan: WiringStep[];
  onStep: (id: WiringStep["id"]) => void;
  disabled: boolean;
}) {
  return (
    <ul className="space-y-2" data-testid="wiring-plan">
      {plan.map((s) => (
        <li
          key={s.id}
          data-testid={`plan-${s.id}`}
          data-status={s.status}
          className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800"
        >
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONE[s.status]}>{s.status}</Badge>
            <span className="font-medium">{s.title}</span>
            {s.optional ? <Badge tone="violet">optional</Badge> : null}
            {s.optional && s.status === "fix" ? (
              <Button
                size="sm"
                onClick={() => onStep(s.id)}
                disabled={disabled}
                data-testid={`apply-${s.id}`}
              >
                Apply this one
              </Button>
            ) : null}
          </div>
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            Now: {s.now.join(" · ") || "—"}
          </p>
          {s.reason ? <p className="mt-1 text-xs">{s.reason}</p> : null}
          {s.requests.length ? (
            <pre className="mt-2 max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-900">
              {s.requests.map(requestText).join("\n\n")}
            </pre>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The guided setup: Deploy → wait for Ready → Wire (preview first) → Verify. Each step's state is
 * a job on the server (deploy, wire, hardlink audit), so a reload resumes where it was; app health
 * comes from the live push (/api/events), never from polling.
 */
export function SetupFlow({
  initial,
  availability,
}: {
  initial: SetupPageState;
  availability: ActionAvailability;
}) {
  const { connected } = useConnectivity();
  const view = useDashboardView();
  const deploy = useJob(initial.deployJob);
  const wire = useJob(initial.wireJob);
  const audit = useJob(initial.auditJob);
  const [plan, setPlan] = useState<WiringStep[] | null>(null);
  const [intent, setIntent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const apps = view.data?.apps ?? [];
  const ready = apps.length > 0 && apps.every((a) => a.health.status === "Healthy");
  const deployed = deploy.job?.kind === "deploy" && deploy.job.status === "succeeded";
  const wired = wire.job?.status === "succeeded";
  const checks = wire.job?.detail.checks ?? null;
  const green = !!checks && checks.length > 0 && checks.every((c) => c.verdict === "pass");
  const offline = connected ? null : "the API server is unreachable";

  const run = (fn: () => Promise<void>) =>
    startTransition(async () => {
      setError(null);
      await fn();
    });

  const onDeploy = () =>
    run(async () => {
      const p = await prepareDeploy({});
      if (!p.ok) return setError(p.error);
      const r = await startDeploy({ scope: "all", intent: p.intent, releaseVolume: false });
      if (!r.ok)
        return setError(
          r.code === "released-pv" ? `${r.error} (use the Deploy page to release it)` : r.error,
        );
      deploy.follow(r.jobId);
    });
  const onPreview = () =>
    run(async () => {
      const r = await previewWiring({});
      if (!r.ok) return setError(r.error);
      setPlan(r.plan);
      setIntent(r.intent);
    });
  const onWire = () =>
    run(async () => {
      if (!intent) return setError("Preview the changes first");
      setIntent(null);
      const r = await wireAll({ intent });
      if (!r.ok) return setError(r.error);
      setPlan(null);
      wire.follow(r.jobId);
    });
  const onStep = (id: WiringStep["id"]) =>
    run(async () => {
      if (!intent) return setError("Preview the changes first");
      setIntent(null);
      const r = await wireStep({ step: id, intent });
      if (!r.ok) return setError(r.error);
      const again = await previewWiring({});
      if (again.ok) {
        setPlan(again.plan);
        setIntent(again.intent);
      }
    });
  const onAudit = () =>
    run(async () => {
      const r = await startHardlinkAudit();
      if (!r.ok) return setError(r.error);
      audit.follow(r.id);
    });

  const link = (app: string) => initial.links.find((l) => l.app === app);
  const wireSteps = wire.job?.detail.steps ?? [];

  return (
    <div className="space-y-6" data-testid="setup-flow">
      {error ? (
        <p
          role="alert"
          data-testid="setup-error"
          className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-500/10 dark:text-rose-300"
        >
          {error}
        </p>
      ) : null}

      <Step n={1} title="Deploy the stack" done={deployed}>
        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant="primary"
            onClick={onDeploy}
            disabled={
              pending ||
              offline !== null ||
              availability.deploy !== null ||
              deploy.job?.status === "running"
            }
            title={offline ?? availability.deploy ?? undefined}
            data-testid="setup-deploy"
          >
            Deploy all
          </Button>
          <Link href="/deploy" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
            Preview the objects on the Deploy page →
          </Link>
        </div>
        {deploy.job ? <JobProgress job={deploy.job} /> : null}
      </Step>

      <Step n={2} title="Wait for every app to be Ready" done={ready}>
        <ul className="grid gap-1 text-sm sm:grid-cols-2" data-testid="setup-ready">
          {apps.map((a) => (
            <li
              key={a.name}
              className="flex items-center gap-2"
              data-app={a.name}
              data-health={a.health.status}
            >
              <Badge
                tone={
                  a.health.status === "Healthy"
                    ? "green"
                    : a.health.status === "Progressing"
                      ? "blue"
                      : "amber"
                }
                dot
              >
                {a.health.status}
              </Badge>
              {a.displayName}
            </li>
          ))}
        </ul>
      </Step>

      <Step n={3} title="Wire the apps to each other" done={wired}>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Preview shows every request the wiring would send and what each app holds now. Nothing is
          replaced or deleted: an object in the way is reported.
        </p>
        <div className="flex flex-wrap gap-3">
          <Button onClick={onPreview} disabled={pending} data-testid="wire-preview">
            Preview changes
          </Button>
          <Button
            variant="primary"
            onClick={onWire}
            disabled={pending || !intent || wire.job?.status === "running"}
            title={intent ? undefined : "Preview the changes first"}
            data-testid="wire-all"
          >
            Wire all
          </Button>
        </div>
        {plan ? <PlanTable plan={plan} onStep={onStep} disabled={pending || !intent} /> : null}
        {wire.job ? (
          <div data-testid="wire-job" data-status={wire.job.status} className="space-y-2">
            <p className="text-sm font-medium">
              Wire all:{" "}
              <Badge
                tone={
                  wire.job.status === "succeeded"
                    ? "green"
                    : wire.job.status === "running"
                      ? "blue"
                      : "red"
                }
              >
                {wire.job.status}
              </Badge>{" "}
              {wire.job.summary ?? `${wire.job.detail.sent} request(s) sent so far`}
            </p>
            <ul className="space-y-1 text-sm">
              {wireSteps.map((s) => (
                <li
                  key={s.id}
                  data-testid={`wire-step-${s.id}`}
                  data-state={s.state}
                  className="flex flex-wrap items-baseline gap-2"
                >
                  <Badge tone={STATE_TONE[s.state]}>{s.state}</Badge>
                  <span>{s.title}</span>
                  {s.message ? (
                    <span className="text-xs text-slate-500 dark:text-slate-400">{s.message}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Manual, in the apps themselves:{" "}
          {link("prowlarr") ? (
            <a
              className="text-sky-700 hover:underline dark:text-sky-400"
              href={link("prowlarr")?.url}
              target="_blank"
              rel="noreferrer"
            >
              add indexers in Prowlarr
            </a>
          ) : (
            "add indexers in Prowlarr"
          )}
          {", "}
          {link("radarr") ? (
            <a
              className="text-sky-700 hover:underline dark:text-sky-400"
              href={link("radarr")?.url}
              target="_blank"
              rel="noreferrer"
            >
              pick a first movie in Radarr
            </a>
          ) : (
            "pick a first movie in Radarr"
          )}
          {link("sonarr") ? (
            <>
              {" or "}
              <a
                className="text-sky-700 hover:underline dark:text-sky-400"
                href={link("sonarr")?.url}
                target="_blank"
                rel="noreferrer"
              >
                a first show in Sonarr
              </a>
            </>
          ) : null}
          .
        </p>
      </Step>

      <Step n={4} title="Verify: hardlink audit and checklist" done={green}>
        {checks ? (
          <ul className="space-y-1 text-sm" data-testid="setup-checks">
            {checks.map((c) => (
              <li
                key={c.id}
                data-check={c.id}
                data-verdict={c.verdict}
                className="flex flex-wrap items-baseline gap-2"
              >
                <VerdictBadge verdict={c.verdict} />
                <span className="font-medium">{c.title}</span>
                <span className="text-xs text-slate-500 dark:text-slate-400">{c.summary}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">
            Wire all re-checks the items it touched when it ends.
          </p>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <Button
            onClick={onAudit}
            disabled={pending || audit.job?.status === "running"}
            data-testid="setup-audit"
          >
            Run the hardlink audit
          </Button>
          {audit.job ? (
            <span
              className="text-sm"
              data-testid="setup-audit-state"
              data-status={audit.job.status}
            >
              audit {audit.job.status}
            </span>
          ) : null}
          <Link href="/checks" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
            The whole checklist →
          </Link>
        </div>
      </Step>
    </div>
  );
}
