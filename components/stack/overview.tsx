"use client";

import { useDashboardView } from "@/components/live/live-provider";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DashboardView } from "@/lib/view/dashboard";
import { AppCard } from "./app-card";
import { HealthBadge } from "./health-badge";
import type { ActionAvailability } from "@/lib/actions/availability";
import { ViewUnavailable } from "./view-unavailable";

function StatusTile({
  title,
  badge,
  children,
  testId,
}: {
  title: string;
  badge: React.ReactNode;
  children: React.ReactNode;
  testId: string;
}) {
  return (
    <Card className="px-4 py-3" data-testid={testId}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">
          {title}
        </h2>
        {badge}
      </div>
      <div className="mt-2 text-sm text-slate-700 dark:text-slate-300">{children}</div>
    </Card>
  );
}

function Tiles({ view }: { view: DashboardView }) {
  const { status, namespace, storage } = view;
  const data = storage.data;
  return (
    <div className="mb-6 grid gap-3 sm:grid-cols-3">
      <StatusTile
        title="API server"
        testId="tile-api"
        badge={
          <Badge tone={status.connected ? "green" : "amber"} dot>
            {status.connected ? "Reachable" : "Unreachable"}
          </Badge>
        }
      >
        {status.connected ? (
          <>
            Watching live · synced <RelativeTime iso={status.lastSyncAt} />
          </>
        ) : (
          <span className="line-clamp-2">{status.error}</span>
        )}
      </StatusTile>
      <StatusTile
        title={`Namespace ${namespace.name}`}
        testId="tile-namespace"
        badge={
          <Badge
            tone={!namespace.exists ? "amber" : namespace.phase === "Active" ? "green" : "red"}
            dot
          >
            {namespace.exists ? namespace.phase : "Absent"}
          </Badge>
        }
      >
        {namespace.exists ? (
          <>Pod Security: enforce {namespace.podSecurity.enforce ?? "—"}</>
        ) : (
          <>Not created yet: deploy the stack to create it.</>
        )}
      </StatusTile>
      <StatusTile
        title={`Shared volume ${data.desired.mountPath}`}
        testId="tile-volume"
        badge={<HealthBadge status={worse(data.pvHealth.status, data.pvcHealth.status)} />}
      >
        <span className="line-clamp-2">
          NFS {data.desired.server}:{data.desired.path} · PV {data.pv?.phase ?? "absent"} · claim{" "}
          {data.pvc?.phase ?? "absent"}
        </span>
      </StatusTile>
    </div>
  );
}

const ORDER = ["Healthy", "Stopped", "Unknown", "Progressing", "Missing", "Degraded"] as const;
function worse(a: (typeof ORDER)[number], b: (typeof ORDER)[number]) {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/**
 * `availability`: what the dashboard may do (the cards' buttons); `selfFlags`: per app, what its
 * own API reports wrong (from the server, may be empty).
 */
export function Overview({
  availability,
  selfFlags = {},
}: {
  availability?: ActionAvailability;
  selfFlags?: Readonly<Record<string, string>>;
}) {
  const { data: view, isError, error } = useDashboardView();
  if (!view) return <ViewUnavailable error={isError ? String(error) : undefined} />;
  const healthy = view.apps.filter((a) => a.health.status === "Healthy").length;
  return (
    <>
      <PageHeader
        title="Overview"
        description={`The *arr media stack in namespace ${view.namespace.name}`}
        actions={
          <Badge
            tone={healthy === view.apps.length ? "green" : "slate"}
            data-testid="healthy-count"
          >
            {healthy} of {view.apps.length} healthy
          </Badge>
        }
      />
      <Tiles view={view} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="app-cards">
        {view.apps.map((app) => (
          <AppCard
            key={app.name}
            app={app}
            availability={availability}
            selfFlag={selfFlags[app.name]}
          />
        ))}
      </div>
    </>
  );
}
