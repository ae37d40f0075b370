"use client";

import type { ReactNode } from "react";
import { ForceDeletePod } from "@/components/actions/force-delete-pod";
import { CAUSE_LOG_ID } from "@/components/logs/cause-log-lines";
import Link from "next/link";
import { useDashboardView } from "@/components/live/live-provider";
import { AppLogs } from "@/components/logs/app-logs";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyValues } from "@/components/ui/key-values";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { formatCpu, formatQuantity } from "@/lib/format";
import { parseBytes, parseCpuMillis } from "@/lib/budget/quantity";
import type { ContainerView, PodView } from "@/lib/cluster/types";
import type { AppDetail as AppDetailView, RouteDetail } from "@/lib/view/dashboard";
import { HealthBadge, reasonClass } from "./health-badge";
import { ViewUnavailable } from "./view-unavailable";

function containerState(c: ContainerView): {
  text: string;
  tone: "green" | "blue" | "red" | "slate";
} {
  switch (c.state.kind) {
    case "running":
      return { text: c.ready ? "Running" : "Running, not ready", tone: c.ready ? "green" : "blue" };
    case "waiting": {
      const r = c.state.reason ?? "Waiting";
      return { text: r, tone: /BackOff|Err|Error|Invalid/.test(r) ? "red" : "blue" };
    }
    case "terminated":
      return {
        text: `${c.state.reason ?? "Terminated"} (exit ${c.state.exitCode})`,
        tone: c.state.exitCode === 0 ? "slate" : "red",
      };
    default:
      return { text: "Unknown", tone: "slate" };
  }
}

function PodCard({ pod, app, stuck }: { pod: PodView; app: string; stuck: boolean }) {
  return (
    <div
      className="rounded-lg border border-slate-200 dark:border-slate-800"
      data-testid="pod"
      data-pod={pod.name}
    >
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2 dark:border-slate-800">
        <span className="min-w-0 truncate font-mono text-sm">{pod.name}</span>
        <Badge tone={pod.deletionTimestamp ? "slate" : pod.ready ? "green" : "blue"} dot>
          {pod.deletionTimestamp ? "Terminating" : pod.ready ? "Ready" : "Not ready"}
        </Badge>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {pod.phase} · {pod.nodeName ?? "unscheduled"} · {pod.podIP ?? "no IP"} · age{" "}
          <RelativeTime iso={pod.createdAt} suffix="" />
        </span>
        {stuck ? <ForceDeletePod app={app} pod={pod.name} /> : null}
      </div>
      <div className="px-3 py-1">
        <Table>
          <thead>
            <tr>
              <Th>Container</Th>
              <Th>State</Th>
              <Th>Restarts</Th>
              <Th>Last termination</Th>
              <Th>Image</Th>
            </tr>
          </thead>
          <tbody>
            {pod.containers.map((c) => {
              const s = containerState(c);
              return (
                <tr key={c.name} data-testid="container" data-container={c.name}>
                  <Td className="font-mono">
                    {c.name}
                    {c.init ? <span className="ml-1 text-xs text-slate-500">(init)</span> : null}
                  </Td>
                  <Td>
                    <Badge tone={s.tone} data-testid="container-state">
                      {s.text}
                    </Badge>
                    {c.state.kind === "waiting" && c.state.message ? (
                      <p className="mt-1 max-w-md text-xs text-slate-500 dark:text-slate-400">
                        {c.state.message}
                      </p>
                    ) : null}
                  </Td>
                  <Td className="font-mono" data-testid="container-restarts">
                    {c.restartCount}
                  </Td>
                  <Td className="text-xs">
                    {c.lastTermination ? (
                      <>
                        {c.lastTermination.reason ?? "Terminated"} (exit{" "}
                        {c.lastTermination.exitCode}){" "}
                        {c.lastTermination.finishedAt ? (
                          <RelativeTime iso={c.lastTermination.finishedAt} />
                        ) : null}
                      </>
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td className="max-w-[16rem] truncate font-mono text-xs" title={c.image}>
                    {c.image}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </div>
    </div>
  );
}

function RouteStatus({ route }: { route: RouteDetail }) {
  if (route.state === "unavailable")
    return (
      <EmptyState>
        The API server does not serve HTTPRoute (Gateway API CRDs are not installed).
      </EmptyState>
    );
  if (route.state === "unknown")
    return <EmptyState>Waiting for the first list of HTTPRoutes…</EmptyState>;
  if (route.state === "missing")
    return <EmptyState>No HTTPRoute for this app in the cluster.</EmptyState>;
  return (
    <div className="space-y-3">
      <KeyValues
        items={[
          [
            "Route",
            <span key="n" className="font-mono">
              {route.name}
            </span>,
          ],
          ["Hostnames", route.hostnames.join(", ") || "—"],
          [
            "Status",
            <Badge
              key="s"
              tone={
                route.accepted ? "green" : route.health?.status === "Degraded" ? "red" : "amber"
              }
              dot
              data-testid="route-status"
              title={route.health?.reason}
            >
              {route.accepted
                ? "Accepted"
                : route.health?.status === "Degraded"
                  ? "Not accepted"
                  : "Not yet observed"}
            </Badge>,
          ],
        ]}
      />
      {route.parents.map((p) => (
        <div key={`${p.namespace}/${p.name}`} className="text-sm" data-testid="route-parent">
          <p className="text-slate-500 dark:text-slate-400">
            Gateway{" "}
            <span className="font-mono">
              {p.namespace ? `${p.namespace}/` : ""}
              {p.name}
            </span>
            {p.state !== "accepted" ? <span className="ml-2">— {p.why}</span> : null}
          </p>
          <ul className="mt-1 flex flex-wrap gap-1.5">
            {p.conditions.map((c) => (
              <li key={c.type}>
                <Badge
                  tone={c.status === "True" ? "green" : c.status === "False" ? "red" : "slate"}
                  title={c.message}
                >
                  {c.type}: {c.status}
                  {c.reason && c.reason !== c.type ? ` (${c.reason})` : ""}
                </Badge>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** Live quantity in the manifests' units, and whether it differs in value (not in spelling: "1" is "1000m"). */
function compareQuantity(
  desired: number,
  live: string | undefined,
  parse: (q: string) => number,
  format: (n: number) => string,
): { text: string | undefined; differs: boolean } {
  if (live === undefined) return { text: undefined, differs: false };
  try {
    const value = parse(live);
    return { text: format(value), differs: value !== desired };
  } catch {
    return { text: live, differs: true };
  }
}

function Resources({ app }: { app: AppDetailView }) {
  const d = app.resources.desired;
  const live = app.resources.live[0];
  const row = (
    label: string,
    desired: number,
    liveValue: string | undefined,
    parse: (q: string) => number,
    format: (n: number) => string,
  ) => {
    const { text, differs } = compareQuantity(desired, liveValue, parse, format);
    return (
      <tr key={label}>
        <Td>{label}</Td>
        <Td className="font-mono">{format(desired)}</Td>
        <Td
          className={cn("font-mono", differs && "text-amber-700 dark:text-amber-300")}
          title={differs ? "differs from the manifests" : undefined}
        >
          {text ?? "—"}
        </Td>
      </tr>
    );
  };
  return (
    <Table>
      <thead>
        <tr>
          <Th>Resource</Th>
          <Th>Manifests</Th>
          <Th>Live Deployment</Th>
        </tr>
      </thead>
      <tbody>
        {row("CPU request", d.requests.cpuMillis, live?.requests.cpu, parseCpuMillis, formatCpu)}
        {row("CPU limit", d.limits.cpuMillis, live?.limits.cpu, parseCpuMillis, formatCpu)}
        {row(
          "Memory request",
          d.requests.memoryBytes,
          live?.requests.memory,
          parseBytes,
          formatQuantity,
        )}
        {row("Memory limit", d.limits.memoryBytes, live?.limits.memory, parseBytes, formatQuantity)}
      </tbody>
    </Table>
  );
}

/**
 * One app's page body from the live view. `cause`: the server-rendered log lines that prove the
 * health reason (components/logs/cause-log-lines.tsx), shown under the reason and linked from it.
 */
export function AppDetail({ name, cause }: { name: string; cause?: ReactNode }) {
  const { data: view, isError, error } = useDashboardView();
  if (!view) return <ViewUnavailable error={isError ? String(error) : undefined} />;
  const app = view.apps.find((a) => a.name === name);
  if (!app) return <EmptyState>No app named {name} in the manifests.</EmptyState>;
  const h = app.health;
  return (
    <div className="space-y-6" data-testid="app-detail" data-app={app.name}>
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500 dark:text-slate-400">
          <Link href="/" className="hover:underline">
            Overview
          </Link>{" "}
          / <span className="text-slate-700 dark:text-slate-300">{app.displayName}</span>
        </nav>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">{app.displayName}</h1>
          <HealthBadge status={h.status} testId="app-health" />
          {app.url ? (
            <a
              href={app.url}
              target="_blank"
              rel="noreferrer noopener"
              className="text-sm text-sky-700 hover:underline dark:text-sky-400"
            >
              {app.host} ↗
            </a>
          ) : null}
        </div>
        <p className={cn("mt-2 text-sm", reasonClass(h.status))} data-testid="app-reason">
          {h.reason}
          {h.logEvidence && cause ? (
            <a
              href={`#${CAUSE_LOG_ID}`}
              className="ml-2 text-xs text-sky-700 hover:underline dark:text-sky-400"
              data-testid="reason-cause-link"
            >
              See the matching log lines ↓
            </a>
          ) : h.status !== "Healthy" && app.podList.length > 0 ? (
            <a
              href="#logs"
              className="ml-2 text-xs text-sky-700 hover:underline dark:text-sky-400"
              data-testid="reason-log-link"
            >
              See the log and its highlights ↓
            </a>
          ) : null}
        </p>
        {h.details.length > 0 ? (
          <ul
            className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-slate-500 dark:text-slate-400"
            data-testid="health-details"
          >
            {h.details.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        ) : null}
      </div>

      {h.logEvidence && cause ? cause : null}

      {app.drift.length > 0 ? (
        <Card data-testid="app-drift-detail">
          <CardHeader
            title="Differs from the manifests"
            subtitle="Fields in the live Deployment that the manifests do not set, and who set them. A deploy keeps them unless you take them over in its preview."
          />
          <CardBody>
            <table className="w-full font-mono text-xs">
              <tbody>
                {app.drift.map((d) => (
                  <tr key={d.path} className="align-top" data-testid="drift-row">
                    <td className="py-0.5 pr-3 break-all">{d.path}</td>
                    <td className="py-0.5 pr-3 break-all">{d.value}</td>
                    <td className="py-0.5 whitespace-nowrap">
                      {d.manager}
                      {d.time ? (
                        <>
                          {" "}
                          · <RelativeTime iso={d.time} />
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardBody>
        </Card>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Workload" subtitle="Deployment and Service" />
          <CardBody>
            <KeyValues
              items={[
                [
                  "Image (manifests)",
                  <span key="i" className="font-mono text-xs break-all">
                    {app.desiredImage}
                  </span>,
                ],
                [
                  "Running version",
                  <span key="v" className="font-mono">
                    {app.liveVersion ?? "—"}
                  </span>,
                ],
                [
                  "Replicas",
                  `${app.replicas.ready} ready / ${app.replicas.available} available / ${app.replicas.desired} desired`,
                ],
                ["Strategy", app.rollout?.strategy ?? "—"],
                [
                  "Generation",
                  app.rollout
                    ? `${app.rollout.observedGeneration} observed of ${app.rollout.generation}`
                    : "—",
                ],
                [
                  "Last restart",
                  app.rollout?.restartedAt ? (
                    <RelativeTime key="r" iso={app.rollout.restartedAt} />
                  ) : (
                    "—"
                  ),
                ],
                [
                  "Service",
                  app.service ? (
                    <span key="s" className="font-mono">
                      {app.service.name} {app.service.clusterIP ?? ""} :
                      {app.service.ports.map((p) => p.port).join(", ")}
                    </span>
                  ) : (
                    "not found"
                  ),
                ],
              ]}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Requests and limits" subtitle="Per pod" />
          <CardBody>
            <Resources app={app} />
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader
          title="Pods and containers"
          subtitle={`${app.pods.ready} of ${app.pods.total} ready · ${app.restarts} restarts`}
        />
        <CardBody className="space-y-3">
          {app.podList.length === 0 ? (
            <EmptyState>No pods.</EmptyState>
          ) : (
            app.podList.map((p) => (
              <PodCard
                key={p.uid || p.name}
                pod={p}
                app={app.name}
                stuck={app.stuckPods.includes(p.name)}
              />
            ))
          )}
        </CardBody>
      </Card>

      <AppLogs app={app.name} pods={app.podList} />

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Claims" subtitle="Config volume and the shared /data volume" />
          <CardBody>
            <Table>
              <thead>
                <tr>
                  <Th>Claim</Th>
                  <Th>Class</Th>
                  <Th>Size</Th>
                  <Th>Phase</Th>
                </tr>
              </thead>
              <tbody>
                {app.claims.map((c) => (
                  <tr key={c.name} data-testid="claim" data-claim={c.name}>
                    <Td>
                      <span className="font-mono">{c.name}</span>
                      <p className={cn("text-xs", reasonClass(c.health.status))}>
                        {c.health.reason}
                      </p>
                    </Td>
                    <Td>{c.pvc?.storageClassName ?? c.desired.storageClassName}</Td>
                    <Td className="font-mono">
                      {c.pvc?.capacity ?? c.pvc?.requested ?? c.desired.size}
                    </Td>
                    <Td>
                      <HealthBadge status={c.health.status} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="HTTPRoute" subtitle={app.host ?? "no hostname in the manifests"} />
          <CardBody>
            <RouteStatus route={app.route} />
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader
          title="Recent events"
          subtitle="Deployment, ReplicaSets, pods, config claim and Service"
        />
        <CardBody>
          {app.events.length === 0 ? (
            <EmptyState>No recent events.</EmptyState>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Type</Th>
                  <Th>Reason</Th>
                  <Th>Object</Th>
                  <Th>Message</Th>
                  <Th>Last seen</Th>
                </tr>
              </thead>
              <tbody>
                {app.events.map((e) => (
                  <tr key={e.uid} data-testid="event">
                    <Td>
                      <Badge tone={e.type === "Warning" ? "amber" : "slate"}>{e.type}</Badge>
                    </Td>
                    <Td className="font-medium">{e.reason}</Td>
                    <Td className="font-mono text-xs whitespace-nowrap">
                      {e.involved.kind}/{e.involved.name}
                    </Td>
                    <Td className="min-w-[16rem] text-xs">
                      {e.message}
                      {e.count > 1 ? <span className="text-slate-500"> (×{e.count})</span> : null}
                    </Td>
                    <Td className="text-xs whitespace-nowrap">
                      <RelativeTime iso={e.lastAt} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
