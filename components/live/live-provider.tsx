"use client";

import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import type { ChecklistPage } from "@/lib/checks/checklist";
import type { DashboardView } from "@/lib/view/dashboard";

const VIEW_KEY = ["dashboard-view"] as const;
const CHECKLIST_KEY = ["checklist"] as const;
/** When the event stream is down, poll the view this often instead. */
const FALLBACK_POLL_MS = 3_000;

type StreamState = "connecting" | "open" | "down";

/** A tiny external store for the stream state, so any component can read it. */
function createStreamStore() {
  let state: StreamState = "connecting";
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next: StreamState) {
      if (next === state) return;
      state = next;
      for (const l of listeners) l();
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
type StreamStore = ReturnType<typeof createStreamStore>;

const StreamContext = createContext<StreamStore | null>(null);

async function fetchView(): Promise<DashboardView> {
  const res = await fetch("/api/view", {
    cache: "no-store",
    headers: { Accept: "application/json" },
  });
  if (!res.ok) throw new Error(`the dashboard server answered ${res.status}`);
  return (await res.json()) as DashboardView;
}

/**
 * Holds the dashboard view in TanStack Query and keeps it fresh: one EventSource per tab on
 * /api/events says "changed" (with a version) and the view is refetched; if the stream drops,
 * the view is polled until it is back.
 */
export function LiveProvider({
  initialView,
  children,
}: {
  initialView: DashboardView | null;
  children: ReactNode;
}) {
  const [client] = useState(() => {
    const qc = new QueryClient({
      defaultOptions: {
        queries: {
          staleTime: Number.POSITIVE_INFINITY,
          refetchOnWindowFocus: false,
          retry: 1,
          retryDelay: 1000,
        },
      },
    });
    if (initialView) qc.setQueryData(VIEW_KEY, initialView);
    return qc;
  });
  const [stream] = useState(createStreamStore);
  return (
    <QueryClientProvider client={client}>
      <StreamContext.Provider value={stream}>
        <EventStream store={stream} />
        {children}
      </StreamContext.Provider>
    </QueryClientProvider>
  );
}

function EventStream({ store }: { store: StreamStore }) {
  const qc = useQueryClient();
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      source = new EventSource("/api/events");
      source.addEventListener("open", () => store.set("open"));
      source.addEventListener("changed", (e) => {
        store.set("open");
        let version: number | undefined;
        try {
          version = (JSON.parse((e as MessageEvent<string>).data) as { version?: number }).version;
        } catch {
          // malformed event: refetch anyway
        }
        // The first event after (re)connecting repeats the current version: skip it when the
        // cache already has that version and shows the same connectivity.
        const have = qc.getQueryData<DashboardView>(VIEW_KEY);
        if (have && version === have.version && have.status.connected) return;
        void qc.invalidateQueries({ queryKey: VIEW_KEY });
        // Only refetched where a page shows it (inactive queries are just marked stale).
        void qc.invalidateQueries({ queryKey: CHECKLIST_KEY });
      });
      // Evidence beyond the cluster snapshot changed (NFS probes, a finished audit).
      source.addEventListener("checks", () => {
        void qc.invalidateQueries({ queryKey: CHECKLIST_KEY });
      });
      source.addEventListener("error", () => {
        store.set("down");
        // EventSource retries by itself while CONNECTING; if it gave up (CLOSED), start over.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          retry = setTimeout(connect, 2_000);
        }
      });
    };
    connect();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [qc, store]);
  return null;
}

export function useStreamState(): StreamState {
  const store = useContext(StreamContext);
  if (!store) throw new Error("useStreamState must be used inside <LiveProvider>");
  return useSyncExternalStore(store.subscribe, store.get, () => "connecting");
}

/** The live dashboard view (refetched on every server push; polled while the stream is down). */
export function useDashboardView() {
  const stream = useStreamState();
  return useQuery({
    queryKey: VIEW_KEY,
    queryFn: fetchView,
    refetchInterval: stream === "open" ? false : FALLBACK_POLL_MS,
  });
}

async function fetchChecklist(): Promise<ChecklistPage> {
  const res = await fetch("/api/checks", {
    cache: "no-store",
    headers: { Accept: "application/json" },
  });
  if (!res.ok) throw new Error(`the dashboard server answered ${res.status}`);
  return (await res.json()) as ChecklistPage;
}

/**
 * The verification checklist and the last NFS probes, refetched on every push (a cluster change
 * or new evidence) and polled while the stream is down. `initial` is the server render's copy.
 */
export function useChecklist(initial: ChecklistPage) {
  const stream = useStreamState();
  return useQuery({
    queryKey: CHECKLIST_KEY,
    queryFn: fetchChecklist,
    initialData: initial,
    refetchInterval: stream === "open" ? false : FALLBACK_POLL_MS,
  });
}

/**
 * Whether the dashboard can reach the Kubernetes API server right now. Mutating controls
 * (deploy, scale, restart) should be disabled while `connected` is false.
 */
export function useConnectivity(): {
  connected: boolean;
  lastSyncAt: string | null;
  error: string | null;
} {
  const { data, isError } = useDashboardView();
  if (!data || isError)
    return {
      connected: false,
      lastSyncAt: data?.status.lastSyncAt ?? null,
      error: "No contact with the dashboard server",
    };
  return {
    connected: data.status.connected,
    lastSyncAt: data.status.lastSyncAt,
    error: data.status.error,
  };
}
