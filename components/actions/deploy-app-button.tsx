"use client";

import Link from "next/link";
import { useId, useState, useTransition } from "react";
import { prepareDeploy, startDeploy } from "@/app/actions/deploy";
import { JobProgress } from "@/components/deploy/job-progress";
import { useJob } from "@/components/jobs/use-job";
import { useConnectivity } from "@/components/live/live-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { ActionAvailability } from "@/lib/actions/availability";

/**
 * One-click deploy of one app where the user looks (the overview card): the same confirmation,
 * action and job progress as the deploy page, scoped to the app and the shared objects it needs.
 * A Released data PV is not released from here: the deploy page asks about it.
 */
export function DeployAppButton({
  app,
  displayName,
  availability,
}: {
  app: string;
  displayName: string;
  availability: ActionAvailability;
}) {
  const { connected } = useConnectivity();
  const [intent, setIntent] = useState<string | null>(null);
  const [error, setError] = useState<{ text: string; releasedPv: boolean } | null>(null);
  const [pending, startTransition] = useTransition();
  const { job, follow } = useJob<"deploy" | "teardown">(null);
  const labelId = useId();
  const running = job?.status === "running";
  const why = !connected ? "the API server is unreachable" : availability.deploy;

  const ask = () =>
    startTransition(async () => {
      setError(null);
      const r = await prepareDeploy({});
      if (!r.ok) return setError({ text: r.error, releasedPv: false });
      setIntent(r.intent);
    });
  const deploy = () =>
    startTransition(async () => {
      if (!intent) return;
      const r = await startDeploy({ scope: app, intent, releaseVolume: false });
      setIntent(null);
      if (!r.ok) return setError({ text: r.error, releasedPv: r.code === "released-pv" });
      follow(r.jobId);
    });

  return (
    <div className="w-full">
      <Button
        size="sm"
        variant="primary"
        onClick={ask}
        disabled={pending || running || why !== null}
        title={why ?? undefined}
        aria-label={`deploy ${app}`}
      >
        {running ? "Deploying…" : "Deploy"}
      </Button>
      {error ? (
        <p role="alert" className="mt-1 text-xs text-rose-700 dark:text-rose-300">
          {error.text}
          {error.releasedPv ? (
            <>
              {" "}
              <Link href="/deploy" className="underline">
                Open the deploy page
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      {job ? (
        <div className="mt-2">
          <JobProgress job={job} />
        </div>
      ) : null}
      <Dialog
        open={intent !== null}
        onClose={() => setIntent(null)}
        title={`Deploy ${displayName}`}
        labelId={labelId}
      >
        <p>
          Server-side apply of {displayName}&apos;s objects from the manifests (with the namespace,
          data volume and policy it needs), then wait until it is Ready.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setIntent(null)}>Cancel</Button>
          <Button variant="primary" disabled={pending} onClick={deploy}>
            Deploy
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
