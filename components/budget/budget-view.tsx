"use client";

import { useDashboardView } from "@/components/live/live-provider";
import { ViewUnavailable } from "@/components/stack/view-unavailable";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { formatCpu, formatPercent, formatQuantity } from "@/lib/format";
import type { ResourceList } from "@/lib/stack/types";
import type { BudgetView as Budget } from "@/lib/view/budget";

type Metric = "cpu" | "memory";
const pick = (r: ResourceList, m: Metric) => (m === "cpu" ? r.cpuMillis : r.memoryBytes);
const fmt = (v: number, m: Metric) => (m === "cpu" ? formatCpu(v) : formatQuantity(v));
const pct = (part: number, whole: number) =>
  `${Math.min(100, whole > 0 ? (part / whole) * 100 : 0)}%`;

function Legend({ usage }: { usage: boolean }) {
  return (
    <div className="flex flex-wrap gap-4 text-xs text-slate-500 dark:text-slate-400">
      <span className="inline-flex items-center gap-1.5">
        <span className="size-2.5 rounded-sm bg-sky-500" /> Requests
      </span>
      <span className="inline-flex items-center gap-1.5">
        <span className="size-2.5 rounded-sm bg-sky-200 dark:bg-sky-900" /> Limits
      </span>
      {usage ? (
        <span className="inline-flex items-center gap-1.5">
          <span className="h-2.5 w-0.5 bg-emerald-500" /> Live usage
        </span>
      ) : null}
    </div>
  );
}

/** Stack total against what the schedulable nodes can allocate. */
function ClusterMeter({ budget, metric }: { budget: Budget; metric: Metric }) {
  const alloc = pick(budget.allocatable, metric);
  const req = pick(budget.total.requests, metric);
  const lim = pick(budget.total.limits, metric);
  const use = budget.total.usage ? pick(budget.total.usage, metric) : undefined;
  return (
    <div data-testid={`meter-${metric}`}>
      <div className="flex flex-col gap-0.5 text-sm sm:flex-row sm:items-baseline sm:justify-between">
        <span className="font-medium">{metric === "cpu" ? "CPU" : "Memory"}</span>
        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">
          requests {fmt(req, metric)} (
          {formatPercent(metric === "cpu" ? budget.fit.share.cpu : budget.fit.share.memory)}) ·
          limits {fmt(lim, metric)} (
          {formatPercent(metric === "cpu" ? budget.limitsShare.cpu : budget.limitsShare.memory)}) of{" "}
          {fmt(alloc, metric)}
        </span>
      </div>
      <div
        className="relative mt-1.5 h-3 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800"
        role="img"
        aria-label={`${metric} requests ${formatPercent(req / alloc)} of allocatable`}
      >
        <div
          className="absolute inset-y-0 left-0 bg-sky-200 dark:bg-sky-900"
          style={{ width: pct(lim, alloc) }}
        />
        <div className="absolute inset-y-0 left-0 bg-sky-500" style={{ width: pct(req, alloc) }} />
        {use !== undefined ? (
          <div
            className="absolute inset-y-0 w-0.5 bg-emerald-500"
            style={{ left: pct(use, alloc) }}
          />
        ) : null}
      </div>
    </div>
  );
}

/** Per-app bars: limits (light) behind requests (solid), scaled to the largest limit. */
function AppBars({ budget, metric }: { budget: Budget; metric: Metric }) {
  const max = Math.max(
    1,
    ...budget.rows.map((r) =>
      Math.max(
        pick(r.limits, metric),
        pick(r.requests, metric),
        r.usage ? pick(r.usage, metric) : 0,
      ),
    ),
  );
  return (
    <div className="space-y-2.5" data-testid={`chart-${metric}`}>
      {budget.rows.map((r) => (
        <div
          key={r.name}
          className="grid grid-cols-[6.5rem_1fr] items-center gap-3 sm:grid-cols-[8rem_1fr_9rem]"
        >
          <span className="truncate text-sm">{r.displayName}</span>
          <div className="relative h-5 rounded bg-slate-50 dark:bg-slate-800/50">
            <div
              className="absolute inset-y-0 left-0 rounded bg-sky-200 dark:bg-sky-900"
              style={{ width: pct(pick(r.limits, metric), max) }}
            />
            <div
              className="absolute inset-y-0 left-0 rounded bg-sky-500"
              style={{ width: pct(pick(r.requests, metric), max) }}
            />
            {r.usage ? (
              <div
                className="absolute inset-y-0 w-0.5 bg-emerald-500"
                style={{ left: pct(pick(r.usage, metric), max) }}
              />
            ) : null}
          </div>
          <span className="col-start-2 -mt-1.5 font-mono text-xs text-slate-500 sm:col-start-3 sm:mt-0 dark:text-slate-400">
            {fmt(pick(r.requests, metric), metric)} / {fmt(pick(r.limits, metric), metric)}
          </span>
        </div>
      ))}
    </div>
  );
}

export function BudgetView() {
  const { data: view, isError, error } = useDashboardView();
  if (!view) return <ViewUnavailable error={isError ? String(error) : undefined} />;
  const b = view.budget;
  const usage = b.usage.available;
  return (
    <>
      <PageHeader
        title="Budget"
        description="Requests and limits from the manifests, against what the nodes can allocate."
        actions={
          <Badge tone={b.fit.fits ? "green" : "red"} dot data-testid="fit-badge">
            {b.fit.fits ? "Fits the nodes" : "Does not fit"}
          </Badge>
        }
      />
      <Card className="mb-6">
        <CardHeader
          title="Stack against the cluster"
          subtitle={`${b.nodes.filter((n) => n.schedulable).length} schedulable node(s): ${formatCpu(b.allocatable.cpuMillis)} CPU, ${formatQuantity(b.allocatable.memoryBytes)} memory allocatable`}
          actions={<Legend usage={usage} />}
        />
        <CardBody className="space-y-4">
          <ClusterMeter budget={b} metric="cpu" />
          <ClusterMeter budget={b} metric="memory" />
          {!b.fit.fits ? (
            <ul className="text-sm text-rose-700 dark:text-rose-300">
              {b.fit.unplaced.map((u, i) => (
                <li key={i}>
                  {u.app}: {u.reason}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="usage-statement">
            {b.usage.statement}
          </p>
        </CardBody>
      </Card>
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="CPU per app" subtitle="requests / limits" />
          <CardBody>
            <AppBars budget={b} metric="cpu" />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Memory per app" subtitle="requests / limits" />
          <CardBody>
            <AppBars budget={b} metric="memory" />
          </CardBody>
        </Card>
      </div>
      <Card>
        <CardHeader
          title="Resource budget"
          subtitle="Per pod, one replica each, as the manifests declare"
        />
        <CardBody>
          <Table data-testid="budget-table">
            <thead>
              <tr>
                <Th>App</Th>
                <Th className="text-right">CPU request</Th>
                <Th className="text-right">CPU limit</Th>
                <Th className="text-right">Memory request</Th>
                <Th className="text-right">Memory limit</Th>
                <Th className="text-right">Config claim</Th>
                {usage ? <Th className="text-right">CPU used</Th> : null}
                {usage ? <Th className="text-right">Memory used</Th> : null}
              </tr>
            </thead>
            <tbody className="font-mono">
              {b.rows.map((r) => (
                <tr key={r.name} data-testid="budget-row" data-app={r.name}>
                  <Td className="font-sans font-medium">{r.displayName}</Td>
                  <Td className="text-right">{formatCpu(r.requests.cpuMillis)}</Td>
                  <Td className="text-right">{formatCpu(r.limits.cpuMillis)}</Td>
                  <Td className="text-right">{formatQuantity(r.requests.memoryBytes)}</Td>
                  <Td className="text-right">{formatQuantity(r.limits.memoryBytes)}</Td>
                  <Td className="text-right">{formatQuantity(r.configBytes)}</Td>
                  {usage ? (
                    <Td className="text-right">{r.usage ? formatCpu(r.usage.cpuMillis) : "—"}</Td>
                  ) : null}
                  {usage ? (
                    <Td className="text-right">
                      {r.usage ? formatQuantity(r.usage.memoryBytes) : "—"}
                    </Td>
                  ) : null}
                </tr>
              ))}
              <tr className="font-semibold" data-testid="budget-total">
                <Td className="font-sans">Total</Td>
                <Td className="text-right">{formatCpu(b.total.requests.cpuMillis)}</Td>
                <Td className="text-right">{formatCpu(b.total.limits.cpuMillis)}</Td>
                <Td className="text-right">{formatQuantity(b.total.requests.memoryBytes)}</Td>
                <Td className="text-right">{formatQuantity(b.total.limits.memoryBytes)}</Td>
                <Td className="text-right">{formatQuantity(b.total.configBytes)}</Td>
                {usage ? (
                  <Td className="text-right">
                    {b.total.usage ? formatCpu(b.total.usage.cpuMillis) : "—"}
                  </Td>
                ) : null}
                {usage ? (
                  <Td className="text-right">
                    {b.total.usage ? formatQuantity(b.total.usage.memoryBytes) : "—"}
                  </Td>
                ) : null}
              </tr>
              <tr className="text-slate-500 dark:text-slate-400" data-testid="budget-allocatable">
                <Td className="font-sans">Allocatable</Td>
                <Td className="text-right" colSpan={2}>
                  {formatCpu(b.allocatable.cpuMillis)}
                </Td>
                <Td className="text-right" colSpan={2}>
                  {formatQuantity(b.allocatable.memoryBytes)}
                </Td>
                <Td colSpan={usage ? 3 : 1} />
              </tr>
            </tbody>
          </Table>
        </CardBody>
      </Card>
    </>
  );
}
