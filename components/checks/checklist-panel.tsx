"use client";

import { useState, useTransition } from "react";
import { probeNfsNow } from "@/app/actions/checks";
import { useChecklist, useConnectivity } from "@/components/live/live-provider";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ChecklistPage } from "@/lib/checks/checklist";
import { ChecklistView } from "./checklist-view";
import { NfsHealthTable } from "./nfs-health-table";

/**
 * The checklist and the NFS probes, kept fresh by the live push (a cluster change or new
 * evidence refetches /api/checks). Loading the page never runs an exec: "Probe now" does, as an
 * audited action, and the result arrives through the push.
 */
export function ChecklistPanel({ initial }: { initial: ChecklistPage }) {
  const { data } = useChecklist(initial);
  const { connected } = useConnectivity();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const probe = () =>
    startTransition(async () => {
      const r = await probeNfsNow();
      setMessage(r.ok ? `Probing ${r.pods.length} pod${r.pods.length === 1 ? "" : "s"}…` : r.error);
    });
  return (
    <div className="space-y-6">
      {data.error ? (
        <p
          role="alert"
          className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-500/10 dark:text-rose-300"
        >
          {data.error}
        </p>
      ) : null}
      <ChecklistView report={data.report} />
      <Card>
        <CardHeader
          title="NFS health per pod"
          subtitle="Mount, same mount for torrents/ and media/, space, latency and a write test, from inside each pod that mounts the shared claim."
          actions={
            <Button
              size="sm"
              onClick={probe}
              disabled={pending || !connected}
              title={connected ? undefined : "the API server is unreachable"}
              data-testid="probe-now"
            >
              Probe now
            </Button>
          }
        />
        <CardBody>
          {message ? (
            <p role="status" className="mb-2 text-xs text-slate-500">
              {message}
            </p>
          ) : null}
          <NfsHealthTable nfs={data.nfs} />
        </CardBody>
      </Card>
    </div>
  );
}
