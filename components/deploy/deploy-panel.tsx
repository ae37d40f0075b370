"use client";

import { useId, useRef, useState, useTransition } from "react";
import {
  planDeploy,
  prepareDeploy,
  prepareTeardown,
  startDeploy,
  teardown,
} from "@/app/actions/deploy";
import { AppActions } from "@/components/actions/app-actions";
import { useJob } from "@/components/jobs/use-job";
import { useConnectivity } from "@/components/live/live-provider";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import type { ActionAvailability } from "@/lib/actions/availability";
import type { DeployPageState } from "@/lib/deploy/server";
import type { LintFinding } from "@/lib/deploy/lint";
import type { ObjectPlan, ReleasedVolume } from "@/lib/deploy/plan";
import { JobProgress } from "./job-progress";
import { PlanView } from "./plan-view";

export function DeployPanel({
  initial,
  availability,
}: {
  initial: DeployPageState;
  availability: ActionAvailability;
}) {
  const { connected } = useConnectivity();
  const [scope, setScope] = useState("all");
  // Confirmations are issued on demand (preview or first click), never while the page renders.
  const [intent, setIntent] = useState<string | null>(null);
  const [released, setReleased] = useState<ReleasedVolume | null>(initial.releasedVolume);
  const [plan, setPlan] = useState<{
    scope: string;
    plan: ObjectPlan[];
    lint: LintFinding[];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [askRelease, setAskRelease] = useState(false);
  // Explicit consent to take over and remove fields set outside the manifests (F10 drift).
  const [takeOver, setTakeOver] = useState(false);
  const [pending, startTransition] = useTransition();
  const { job, follow } = useJob(initial.latestJob);
  const releaseId = useId();
  const running = job?.status === "running";

  const offline = !connected || !initial.access.reachable ? "the API server is unreachable" : null;
  const deployWhy =
    offline ?? availability.deploy ?? (running ? `a ${job?.kind} is running` : null);

  const ensureIntent = async (): Promise<string | null> => {
    if (intent) return intent;
    const r = await prepareDeploy({});
    if (!r.ok) {
      setError(r.error);
      return null;
    }
    return r.intent;
  };

  const deploy = (releaseVolume: boolean) =>
    startTransition(async () => {
      setError(null);
      const token = await ensureIntent();
      if (!token) return;
      setIntent(null);
      const drifted = plan?.scope === scope && plan.plan.some((p) => p.drift?.length);
      const r = await startDeploy({
        scope,
        intent: token,
        releaseVolume,
        ...(takeOver && drifted ? { takeOverDrift: true } : {}),
      });
      setIntent(r.nextIntent ?? null);
      if (!r.ok) {
        if (r.code === "released-pv" && r.releasedVolume) {
          setReleased(r.releasedVolume);
          setAskRelease(true);
        } else setError(r.error);
        return;
      }
      setAskRelease(false);
      setReleased(null);
      setPlan(null);
      follow(r.jobId);
    });

  const onDeploy = () => (released ? setAskRelease(true) : deploy(false));

  const preview = () =>
    startTransition(async () => {
      setError(null);
      const r = await planDeploy({ scope });
      if (!r.ok) return setError(r.error);
      setPlan({ scope, plan: r.plan, lint: r.lint });
      setTakeOver(false);
      setReleased(r.releasedVolume);
      if (r.intent) setIntent(r.intent);
    });

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Deploy the stack"
          subtitle="Whole stack, or one app with the shared objects it needs (namespace, PV, data claim, policy)."
        />
        <CardBody className="flex flex-wrap items-end gap-3">
          <label className="block">
            <span className="text-xs font-medium text-slate-500 dark:text-slate-400">Scope</span>
            <select
              value={scope}
              onChange={(e) => setScope(e.target.value)}
              aria-label="Deploy scope"
              className="mt-1 block rounded-md border border-slate-300 bg-white px-2.5 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
            >
              <option value="all">All apps</option>
              {initial.apps.map((a) => (
                <option key={a.name} value={a.name}>
                  {a.displayName}
                </option>
              ))}
            </select>
          </label>
          <Button
            onClick={preview}
            disabled={pending || offline !== null || availability.deploy !== null}
            title={offline ?? availability.deploy ?? undefined}
          >
            Preview changes
          </Button>
          <Button
            variant="primary"
            onClick={onDeploy}
            disabled={pending || deployWhy !== null}
            title={deployWhy ?? undefined}
            data-testid="deploy-button"
          >
            {scope === "all" ? "Deploy all" : `Deploy ${scope}`}
          </Button>
          <div className="ml-auto">
            <AppActions app="all" availability={availability} size="md" />
          </div>
          {deployWhy && !running ? (
            <p className="w-full text-xs text-amber-700 dark:text-amber-300">
              Deploy is disabled: {deployWhy}.
            </p>
          ) : null}
          {error ? (
            <p
              role="alert"
              data-testid="deploy-error"
              className="w-full rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-500/10 dark:text-rose-300"
            >
              {error}
            </p>
          ) : null}
        </CardBody>
      </Card>

      {released ? (
        <div
          role="status"
          data-testid="released-pv"
          className="rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
        >
          <strong>PV {released.name} is Released.</strong> It still points at the deleted claim{" "}
          {released.claim}, so a new claim cannot bind it. Deploying will ask to clear that stale
          reference; the NFS data is not touched.
        </div>
      ) : null}
      {initial.volumeError ? (
        <p className="text-sm text-rose-700">
          Could not check PV {initial.pvName}: {initial.volumeError}
        </p>
      ) : null}

      {job ? <JobProgress job={job} /> : null}
      {plan ? (
        <PlanView
          plan={plan.plan}
          lint={plan.lint}
          scope={plan.scope}
          takeOver={takeOver}
          onTakeOver={setTakeOver}
        />
      ) : null}

      <TeardownCard
        namespace={initial.namespace}
        pvName={initial.pvName}
        why={offline ?? availability.teardown ?? (running ? `a ${job?.kind} is running` : null)}
        onStarted={follow}
      />

      <Dialog
        open={askRelease}
        onClose={() => setAskRelease(false)}
        title="Release the data volume?"
        labelId={releaseId}
      >
        <p>
          PV <code className="font-mono">{released?.name}</code> is <strong>Released</strong>: it
          still references the deleted claim <code className="font-mono">{released?.claim}</code>.
          Clearing that reference (spec.claimRef) makes it bindable again, so the new claim gets the
          same NFS export. <strong>Its data is not touched.</strong>
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setAskRelease(false)}>Cancel</Button>
          <Button
            variant="primary"
            disabled={pending || availability.releasePv !== null}
            title={availability.releasePv ?? undefined}
            onClick={() => deploy(true)}
          >
            Release and deploy
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

function TeardownCard({
  namespace,
  pvName,
  why,
  onStarted,
}: {
  namespace: string;
  pvName: string;
  why: string | null;
  onStarted: (id: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [intent, setIntent] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const [pending, startTransition] = useTransition();
  const labelId = useId();
  const input = useRef<HTMLInputElement>(null);

  const ask = () =>
    startTransition(async () => {
      setError(null);
      const r = await prepareTeardown({});
      if (!r.ok) return setError(r.error);
      setIntent(r.intent);
      setTyped("");
      setPassword("");
      setOpen(true);
      setTimeout(() => input.current?.focus(), 0);
    });

  const confirm = () =>
    startTransition(async () => {
      if (!intent) return;
      const r = await teardown({ confirm: typed, intent, password });
      setPassword("");
      setOpen(false);
      setIntent(null);
      if (!r.ok) return setError(r.error);
      onStarted(r.jobId);
    });

  return (
    <Card className="border-rose-200 dark:border-rose-500/30">
      <CardHeader
        title="Tear down"
        subtitle={`The seed's rollback: delete namespace ${namespace}. PV ${pvName} and its NFS data survive; config claims are deleted with the namespace.`}
        actions={
          <Button
            variant="danger"
            onClick={ask}
            disabled={pending || why !== null}
            title={why ?? undefined}
            data-testid="teardown-button"
          >
            Tear down…
          </Button>
        }
      />
      {error ? (
        <CardBody>
          <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
            {error}
          </p>
        </CardBody>
      ) : null}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete namespace ${namespace}?`}
        labelId={labelId}
      >
        <p>
          Every app, Service, route and config claim in{" "}
          <code className="font-mono">{namespace}</code> is deleted. The NFS PV{" "}
          <code className="font-mono">{pvName}</code> and its files stay. Type{" "}
          <strong className="font-mono">{namespace}</strong> and the admin password to confirm.
        </p>
        <input
          ref={input}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-label="Type the namespace name to confirm"
          data-testid="teardown-confirm-input"
          autoComplete="off"
          className="mt-3 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
        />
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-label="Admin password"
          placeholder="Admin password"
          data-testid="teardown-password"
          autoComplete="current-password"
          maxLength={1024}
          className="mt-3 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
        />
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button
            variant="danger"
            disabled={pending || typed !== namespace || password === ""}
            onClick={confirm}
            data-testid="teardown-confirm"
          >
            Delete namespace
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}
