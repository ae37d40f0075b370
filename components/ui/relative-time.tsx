"use client";

import { useSyncExternalStore } from "react";
import { formatAge } from "@/lib/format";

/** One shared 1 s clock for every ticking label on the page. */
const clock = (() => {
  let now = 0;
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    subscribe(l: () => void) {
      listeners.add(l);
      if (!timer) {
        now = Date.now();
        timer = setInterval(() => {
          now = Date.now();
          for (const fn of listeners) fn();
        }, 1000);
      }
      return () => {
        listeners.delete(l);
        if (listeners.size === 0) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    get: () => now,
  };
})();

/** The current time, updated every second (0 during server render and hydration). */
export function useNow(): number {
  return useSyncExternalStore(clock.subscribe, clock.get, () => 0);
}

/** A ticking age with the absolute time in its tooltip. */
export function RelativeTime({
  iso,
  suffix = " ago",
}: {
  iso: string | undefined | null;
  suffix?: string;
}) {
  const now = useNow();
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()} suppressHydrationWarning>
      {now ? `${formatAge(iso, now)}${suffix}` : new Date(iso).toISOString().slice(11, 19)}
    </time>
  );
}
