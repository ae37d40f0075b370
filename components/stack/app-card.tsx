import Link from "next/link";
import { AppActions } from "@/components/actions/app-actions";
import { DeployAppButton } from "@/components/actions/deploy-app-button";
import type { ActionAvailability } from "@/lib/actions/availability";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { AppCard as AppCardView } from "@/lib/view/dashboard";
import { HealthBadge, reasonClass } from "./health-badge";

function Stat({
  label,
  value,
  title,
  testId,
}: {
  label: string;
  value: React.ReactNode;
  title?: string;
  testId?: string;
}) {
  return (
    <div className="min-w-0" title={title}>
      <dt className="text-[11px] font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">
        {label}
      </dt>
      <dd
        className="mt-0.5 truncate font-mono text-sm text-slate-900 dark:text-slate-100"
        data-testid={testId}
      >
        {value}
      </dd>
    </div>
  );
}

/**
 * One app at a glance: health and why, version, pods ready, restarts, its URL, and one click to
 * restart it, or to deploy it when it is missing or differs from the manifests. `selfFlag`: the
 * app's own API reports a problem; shown when Kubernetes thinks the app is fine.
 */
export function AppCard({
  app,
  availability,
  selfFlag,
}: {
  app: AppCardView;
  availability?: ActionAvailability;
  selfFlag?: string;
}) {
  const drift = app.liveVersion !== undefined && app.liveVersion !== app.desiredVersion;
  const offerDeploy = app.health.status === "Missing" || drift;
  return (
    <Card className="flex flex-col" data-testid="app-card" data-app={app.name}>
      <div className="flex items-start justify-between gap-3 px-4 pt-4">
        <div className="min-w-0">
          <h2 className="truncate text-base font-semibold">
            <Link href={`/apps/${app.name}`} className="hover:underline focus-visible:underline">
              {app.displayName}
            </Link>
          </h2>
          <p className="truncate text-xs text-slate-500 dark:text-slate-400">
            {app.name} · :{app.port}
          </p>
        </div>
        <HealthBadge status={app.health.status} testId="app-health" />
      </div>
      <p
        className={cn("mt-2 line-clamp-2 min-h-10 px-4 text-sm", reasonClass(app.health.status))}
        data-testid="app-reason"
        title={app.health.reason}
      >
        {app.health.reason}
      </p>
      {app.drift.length > 0 ? (
        <p
          className="mx-4 mt-1 text-xs text-amber-700 dark:text-amber-300"
          data-testid="app-drift"
          title={app.drift.map((d) => `${d.path} (${d.manager})`).join("\n")}
        >
          Differs from the manifests: {app.drift.length} field{app.drift.length === 1 ? "" : "s"}{" "}
          set by {[...new Set(app.drift.map((d) => d.manager))].join(", ")}
        </p>
      ) : null}
      {selfFlag && app.health.status === "Healthy" ? (
        <p
          className="mx-4 mt-1 line-clamp-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-800 dark:bg-amber-500/10 dark:text-amber-300"
          data-testid="app-self-flag"
          title={selfFlag}
        >
          Running, but its own health says: {selfFlag}
        </p>
      ) : null}
      <dl className="mt-3 grid grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)] gap-3 border-t border-slate-100 px-4 py-3 dark:border-slate-800">
        <Stat
          label="Version"
          value={
            <span className={drift ? "text-amber-700 dark:text-amber-300" : undefined}>
              {app.liveVersion ?? app.desiredVersion}
              {drift ? " *" : ""}
            </span>
          }
          title={
            drift
              ? `Running ${app.liveVersion}; the manifests pin ${app.desiredVersion}`
              : app.desiredImage
          }
          testId="app-version"
        />
        <Stat label="Pods ready" value={`${app.pods.ready}/${app.pods.total}`} testId="app-pods" />
        <Stat label="Restarts" value={app.restarts} testId="app-restarts" />
      </dl>
      {availability ? (
        <div
          className="flex flex-wrap items-start justify-between gap-2 border-t border-slate-100 px-4 py-2.5 dark:border-slate-800"
          data-testid="app-card-actions"
        >
          {offerDeploy ? (
            <DeployAppButton
              app={app.name}
              displayName={app.displayName}
              availability={availability}
            />
          ) : (
            <AppActions app={app.name} availability={availability} only={["restart"]} />
          )}
        </div>
      ) : null}
      <div className="mt-auto flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-2.5 text-sm dark:border-slate-800">
        {app.url ? (
          <a
            href={app.url}
            target="_blank"
            rel="noreferrer noopener"
            className="truncate text-sky-700 hover:underline dark:text-sky-400"
            data-testid="app-url"
          >
            {app.host} <span aria-hidden>↗</span>
          </a>
        ) : (
          <span className="text-slate-400">No route</span>
        )}
        <Link
          href={`/apps/${app.name}`}
          className="shrink-0 font-medium text-slate-700 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
        >
          Details →
        </Link>
      </div>
    </Card>
  );
}
