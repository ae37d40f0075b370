"use client";

import { useDashboardView } from "@/components/live/live-provider";
import { HealthBadge, reasonClass } from "@/components/stack/health-badge";
import { ViewUnavailable } from "@/components/stack/view-unavailable";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { KeyValues } from "@/components/ui/key-values";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import type { Health } from "@/lib/health/types";

function Reason({ health, testId }: { health: Health; testId?: string }) {
  return (
    <div className="mt-3">
      <p className={cn("text-sm", reasonClass(health.status))} data-testid={testId}>
        {health.reason}
      </p>
      {health.details.map((d, i) => (
        <p key={i} className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          {d}
        </p>
      ))}
    </div>
  );
}

export function StorageView() {
  const { data: view, isError, error } = useDashboardView();
  if (!view) return <ViewUnavailable error={isError ? String(error) : undefined} />;
  const { data, config } = view.storage;
  const pv = data.pv;
  const pvc = data.pvc;
  const d = data.desired;
  return (
    <>
      <PageHeader
        title="Storage"
        description={`One NFS volume shared at ${d.mountPath} by every app (hardlinks need one file system), and a config claim per app.`}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card data-testid="nfs-pv">
          <CardHeader
            title={
              <>
                PersistentVolume <span className="font-mono">{d.pvName}</span>
              </>
            }
            subtitle="NFS export from the NAS"
            actions={<HealthBadge status={data.pvHealth.status} testId="pv-health" />}
          />
          <CardBody>
            <KeyValues
              items={[
                [
                  "Server",
                  <span key="s" className="font-mono" data-testid="nfs-server">
                    {pv?.nfs?.server ?? d.server}
                  </span>,
                ],
                [
                  "Path",
                  <span key="p" className="font-mono" data-testid="nfs-path">
                    {pv?.nfs?.path ?? d.path}
                  </span>,
                ],
                [
                  "Mount options",
                  <span key="m" className="flex flex-wrap gap-1" data-testid="mount-options">
                    {(pv?.mountOptions ?? d.mountOptions).map((o) => (
                      <Badge key={o} tone="slate" className="font-mono">
                        {o}
                      </Badge>
                    ))}
                  </span>,
                ],
                [
                  "Capacity",
                  <span key="c" className="font-mono">
                    {pv?.capacity ?? d.capacity}
                  </span>,
                ],
                ["Access", (pv?.accessModes ?? []).join(", ") || "—"],
                [
                  "Reclaim policy",
                  <span key="r" data-testid="reclaim-policy">
                    {pv?.reclaimPolicy ?? d.reclaimPolicy}
                    {(pv?.reclaimPolicy ?? d.reclaimPolicy) === "Retain" ? (
                      <span className="text-slate-500"> — data survives deleting the claim</span>
                    ) : null}
                  </span>,
                ],
                [
                  "Phase",
                  <span key="ph" data-testid="pv-phase">
                    {pv?.phase ?? "not created"}
                  </span>,
                ],
                [
                  "Claim",
                  pv?.claimRef ? (
                    <span key="cr" className="font-mono">
                      {pv.claimRef.namespace}/{pv.claimRef.name}
                    </span>
                  ) : (
                    "—"
                  ),
                ],
              ]}
            />
            <Reason health={data.pvHealth} testId="pv-reason" />
          </CardBody>
        </Card>
        <Card data-testid="nfs-pvc">
          <CardHeader
            title={
              <>
                Claim <span className="font-mono">{d.pvcName}</span>
              </>
            }
            subtitle={`Mounted at ${d.mountPath}`}
            actions={<HealthBadge status={data.pvcHealth.status} testId="pvc-health" />}
          />
          <CardBody>
            <KeyValues
              items={[
                [
                  "Phase",
                  <span key="p" data-testid="pvc-phase">
                    {pvc?.phase ?? "not created"}
                  </span>,
                ],
                [
                  "Bound volume",
                  <span key="v" className="font-mono">
                    {pvc?.volumeName ?? "—"}
                  </span>,
                ],
                ["Class", pvc?.storageClassName ?? d.storageClassName],
                [
                  "Requested",
                  <span key="r" className="font-mono">
                    {pvc?.requested ?? d.capacity}
                  </span>,
                ],
                ["Access", (pvc?.accessModes ?? []).join(", ") || "—"],
                [
                  "Mounted by",
                  data.consumers.length ? (
                    <span key="m" className="flex flex-wrap gap-1">
                      {data.consumers.map((c) => (
                        <Badge key={c} tone="slate" className="font-mono">
                          {c}
                        </Badge>
                      ))}
                    </span>
                  ) : (
                    "no running pod"
                  ),
                ],
              ]}
            />
            <Reason health={data.pvcHealth} testId="pvc-reason" />
          </CardBody>
        </Card>
      </div>
      <Card className="mt-6">
        <CardHeader title="Config claims" subtitle="One ReadWriteOnce claim per app for /config" />
        <CardBody>
          <Table>
            <thead>
              <tr>
                <Th>App</Th>
                <Th>Claim</Th>
                <Th>Class</Th>
                <Th>Size</Th>
                <Th>Phase</Th>
                <Th>Volume</Th>
              </tr>
            </thead>
            <tbody>
              {config.map((c) => (
                <tr key={c.name} data-testid="config-claim" data-claim={c.name}>
                  <Td className="font-medium">{c.displayName}</Td>
                  <Td>
                    <span className="font-mono">{c.name}</span>
                    {c.health.status !== "Healthy" ? (
                      <p className={cn("text-xs", reasonClass(c.health.status))}>
                        {c.health.reason}
                      </p>
                    ) : null}
                  </Td>
                  <Td>{c.pvc?.storageClassName ?? c.desired.storageClassName}</Td>
                  <Td className="font-mono">
                    {c.pvc?.capacity ?? c.pvc?.requested ?? c.desired.size}
                  </Td>
                  <Td>
                    <span className="inline-flex items-center gap-2">
                      <HealthBadge status={c.health.status} />
                      <span className="text-xs text-slate-500" data-testid="claim-phase">
                        {c.pvc?.phase ?? "absent"}
                      </span>
                    </span>
                  </Td>
                  <Td
                    className="max-w-[14rem] truncate font-mono text-xs"
                    title={c.pvc?.volumeName}
                  >
                    {c.pvc?.volumeName ?? "—"}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </CardBody>
      </Card>
    </>
  );
}
