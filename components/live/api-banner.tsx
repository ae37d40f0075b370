"use client";

import { useNow } from "@/components/ui/relative-time";
import { formatAge } from "@/lib/format";
import { useDashboardView, useStreamState } from "./live-provider";

/**
 * The banner shown while the API server (or the dashboard server itself) cannot be reached, or
 * while a watch has gone silent past its liveness deadline (F13: a half-open connection looks
 * connected): what is wrong, how old the data on screen is, and that changes are disabled. It
 * disappears on its own when the connection returns or the relist completes.
 */
export function ApiBanner() {
  const { data, isError } = useDashboardView();
  const stream = useStreamState();
  const now = useNow();
  const serverLost = isError || (stream === "down" && !data);
  const stale = data?.status.connected ? data.status.stale : undefined;
  if (!serverLost && !stale && (!data || data.status.connected)) return null;

  const lastSync = stale ? stale.since : (data?.status.lastSyncAt ?? null);
  const age = lastSync && now ? formatAge(lastSync, now) : null;
  const title = serverLost
    ? "Lost contact with the dashboard server"
    : stale
      ? "Data may be stale"
      : "Kubernetes API server unreachable";
  const detail = serverLost
    ? "Retrying every few seconds."
    : stale
      ? stale.message
      : (data?.status.error ?? "The API server does not answer.");
  return (
    <div
      role="alert"
      data-testid="api-banner"
      data-kind={serverLost ? "server" : stale ? "stale" : "api"}
      className="border-b border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200"
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 text-sm">
        <svg aria-hidden viewBox="0 0 20 20" className="size-4 shrink-0 fill-current">
          <path d="M10 2 1 18h18L10 2Zm0 5.5 1 .1-.2 5.4H9.2L9 7.6l1-.1Zm0 8.9a1.1 1.1 0 1 1 0-2.2 1.1 1.1 0 0 1 0 2.2Z" />
        </svg>
        <strong className="font-semibold">{title}</strong>
        <span data-testid="api-banner-age">
          {lastSync ? <>Showing data from {age ?? "a moment"} ago.</> : <>No data received yet.</>}{" "}
          {stale
            ? "It refreshes on its own once the relist completes."
            : "Changes are disabled until it is back."}
        </span>
        <span className="w-full text-xs opacity-80 sm:w-auto">{detail}</span>
      </div>
    </div>
  );
}
