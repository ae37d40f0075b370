import "server-only";
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  Health,
  ListWatch,
  Observable,
  Watch,
  type ConfigurationOptions,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from "@kubernetes/client-node";
import { backoffDelay } from "./backoff";
import {
  reshapeDeployment,
  reshapeEvent,
  reshapeHttpRoute,
  reshapeNamespace,
  reshapeNode,
  reshapePod,
  reshapePodMetrics,
  reshapePv,
  reshapePvc,
  reshapeReplicaSet,
  reshapeService,
  type RawHttpRoute,
  type RawPodMetrics,
} from "./map";
import type {
  ClusterView,
  LiveStatus,
  MetricsState,
  WatchedKind,
  WatchState,
} from "@/lib/cluster/types";

/** How often the API server is probed (GET /readyz). Part of the API-load budget: 30/min. */
const PROBE_INTERVAL_MS = 2_000;
const PROBE_TIMEOUT_MS = 1_500;
/** A kind the API server does not serve (missing CRD) is looked for again this often. */
const UNAVAILABLE_RETRY_MS = 60_000;
/** Backoff cap for 403 (namespace and its RoleBinding not created yet). */
const FORBIDDEN_RETRY_MAX_MS = 5_000;
/** metrics.k8s.io: poll interval when served, re-discovery interval when not. */
const METRICS_POLL_MS = 15_000;
const METRICS_DISCOVERY_MS = 300_000;
/** Events kept in the snapshot, newest first (they expire after 1 h in the API server anyway). */
const MAX_EVENTS = 300;
/** Changes within this window reach subscribers as one notification. */
const NOTIFY_COALESCE_MS = 15;
/** How long a relist after a silent watch may take before the data is flagged stale. */
const STALE_GRACE_MS = 5_000;
/**
 * Liveness deadline of every watch: the longest a watch stream may stay silent (no event, no
 * bookmark) before it is presumed dead (a half-open TCP connection looks open for ever) and the
 * kind is relisted. Watches ask for bookmarks (allowWatchBookmarks), which keep busy kinds'
 * streams alive; measured on the local 1.36 control plane, kinds with no writes at all (the
 * namespace, events, HTTPRoutes at rest) get none, so they relist once per deadline (a list and a
 * watch per 90 s each: 3 such kinds, 6 new connections in 150 s at rest). That replaces
 * client-node 2.0.1's own private 30 s inactivity timeout, which re-opened every quiet watch twice a
 * minute. Lists get the same deadline (a list through a dead connection would hang for ever).
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#watch-bookmarks
 * @see ../shared/reference/field-failures.md F13
 */
const WATCH_LIVENESS_MS = Number(process.env.ARR_WATCH_LIVENESS_SECONDS ?? 90) * 1000;

export interface LiveModelOptions {
  kubeConfig: KubeConfig;
  /** The stack's namespace (from the manifests). */
  namespace: string;
  probeIntervalMs?: number;
  /** Liveness deadline per watch (default WATCH_LIVENESS_MS). */
  watchLivenessMs?: number;
  /** How long a relist after the deadline may take before the data is flagged stale. */
  staleGraceMs?: number;
}

/** What readers get: a snapshot, change notifications and connectivity. */
export interface LiveModel {
  /** The current state as small typed views. Cheap: rebuilt only after a change. */
  snapshot(): ClusterView;
  /** Called (coalesced) with the new version after every change, including connectivity. Returns an unsubscribe. */
  subscribe(fn: (version: number) => void): () => void;
  readonly status: LiveStatus;
  /** Resolves once every watch has listed once (or failed once). For tests and benchmarks. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

interface KindSpec<T extends KubernetesObject> {
  kind: WatchedKind;
  path: string;
  /** `options` carries the list deadline (an abort signal). */
  list: (options: ConfigurationOptions) => Promise<KubernetesListObject<T>>;
  reshape: (o: T) => unknown;
  fieldSelector?: string;
  /** A 404 means "not served here" (a CRD that is not installed): retry slowly, stay connected. */
  optional?: boolean;
}

function errorStatus(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e.code === "number") return e.code;
  if (typeof e.statusCode === "number") return e.statusCode;
  return undefined;
}

/** A short, secret-free description of an error (never the request headers). */
function describeError(err: unknown): string {
  if (err instanceof Error) {
    const status = errorStatus(err);
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
    const msg = err.message.split("\n")[0] ?? err.message;
    return `${status ? `HTTP ${status} ` : ""}${msg.slice(0, 200)}${cause.slice(0, 200)}`;
  }
  return String(err).slice(0, 200);
}

/** Options for one request that abort it after `ms` (headers and body). */
function deadlineOptions(ms: number): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (ctx) => {
          ctx.setSignal(AbortSignal.timeout(ms));
          return new Observable(Promise.resolve(ctx));
        },
        post: (res) => new Observable(Promise.resolve(res)),
      },
    ],
    middlewareMergeStrategy: "append",
  };
}

/**
 * client-node's Watch with a liveness deadline: asks for bookmarks, reports every line it
 * receives (events and bookmarks) and turns "silent past the deadline" into a 410 Gone, which
 * makes ListWatch relist (resourceVersion reset) instead of re-watching from a version the dead
 * stream may have left behind.
 */
class LivenessWatch extends Watch {
  constructor(
    kc: KubeConfig,
    deadlineMs: number,
    private readonly heard: () => void,
    private readonly silent: () => void,
  ) {
    super(kc);
    // client-node 2.0.1 keeps this inactivity timeout private (30 s, reset on every chunk) and
    // aborts with a TimeoutError when it passes: it is our deadline.
    (this as unknown as { requestTimeoutMs: number }).requestTimeoutMs = deadlineMs;
  }

  override watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    return super.watch(
      path,
      { ...queryParams, allowWatchBookmarks: true },
      (phase, obj, raw) => {
        this.heard();
        callback(phase, obj, raw);
      },
      (err: unknown) => {
        if (err instanceof Error || err instanceof DOMException) {
          if (err.name === "TimeoutError") {
            this.silent();
            done(
              Object.assign(new Error("watch silent past its liveness deadline"), {
                statusCode: 410,
              }),
            );
            return;
          }
        }
        done(err);
      },
    );
  }
}

/** One watch (list + watch with client-node's ListWatch), its views and its restart policy. */
class KindWatch<T extends KubernetesObject> {
  readonly views = new Map<string, { json: string; view: unknown }>();
  state: WatchState = { state: "starting" };
  private readonly informer: ListWatch<T>;
  private silentSince: string | undefined;
  private staleTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private errored = false;
  private starting = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private firstDone!: () => void;
  readonly first = new Promise<void>((resolve) => (this.firstDone = resolve));

  constructor(
    private readonly spec: KindSpec<T>,
    kc: KubeConfig,
    private readonly onChange: () => void,
    private readonly onError: (kind: WatchedKind, err: unknown) => void,
    readonly livenessMs: number,
    private readonly staleGraceMs: number = STALE_GRACE_MS,
  ) {
    const watch = new LivenessWatch(
      kc,
      livenessMs,
      () => this.heard(),
      () => this.wentSilent(),
    );
    this.informer = new ListWatch<T>(
      spec.path,
      watch,
      async () => {
        const list = await spec.list(deadlineOptions(livenessMs));
        // A relist after a silent stream completed: the data is current again.
        this.silentSince = undefined;
        clearTimeout(this.staleTimer);
        if (this.state.state === "stale") {
          this.touch();
          this.onChange();
        }
        return list;
      },
      false,
      undefined,
      spec.fieldSelector,
    );
    const upsert = (o: T) => this.upsert(o);
    this.informer.on("add", upsert);
    this.informer.on("update", upsert);
    this.informer.on("delete", (o: T) => this.remove(o));
    this.informer.on("error", (err?: unknown) => this.failed(err));
  }

  private key(o: KubernetesObject): string {
    return `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;
  }

  private upsert(o: T): void {
    const view = this.spec.reshape(o);
    const json = JSON.stringify(view);
    const key = this.key(o);
    this.touch();
    // Heartbeat-only updates (node status, lease-like churn) map to an identical view: no change.
    if (this.views.get(key)?.json === json) return;
    this.views.set(key, { json, view });
    this.onChange();
  }

  private remove(o: T): void {
    this.touch();
    if (this.views.delete(this.key(o))) this.onChange();
  }

  private touch(): void {
    this.state = { state: "synced", syncedAt: new Date().toISOString() };
  }

  /** Any line on the watch stream (event or bookmark): the stream is alive. */
  private heard(): void {
    this.silentSince = undefined;
    clearTimeout(this.staleTimer);
    if (this.state.state === "stale") {
      this.touch();
      this.onChange();
    }
  }

  /**
   * Nothing arrived within the deadline: ListWatch relists now. A quiet kind whose relist lands
   * at once is not news (the API server sends bookmarks only when resourceVersions move, so
   * quiet kinds such as HTTPRoutes hit the deadline at rest); only a relist still missing after
   * STALE_GRACE_MS marks the data stale (banner).
   */
  private wentSilent(): void {
    if (this.stopped || this.state.state !== "synced") return;
    this.silentSince = this.state.syncedAt;
    clearTimeout(this.staleTimer);
    this.staleTimer = setTimeout(() => {
      if (this.stopped || this.silentSince === undefined || this.state.state !== "synced") return;
      this.state = {
        state: "stale",
        error: `no event or bookmark for ${Math.round(this.livenessMs / 1000)} s and the relist has not landed`,
        ...(this.silentSince ? { syncedAt: this.silentSince } : {}),
      };
      this.onChange();
    }, this.staleGraceMs);
    this.staleTimer.unref();
  }

  async start(): Promise<void> {
    // One (re)start at a time: the backoff timer and retryNow() can race.
    if (this.stopped || this.starting) return;
    this.starting = true;
    this.errored = false;
    try {
      await this.informer.start();
    } finally {
      this.starting = false;
    }
    if (this.stopped || this.errored) return;
    // start() resolves once the list is done and the watch is open.
    this.attempt = 0;
    const was = this.state.state;
    this.touch();
    this.firstDone();
    if (was !== "synced") this.onChange();
  }

  private failed(err: unknown): void {
    if (this.stopped) return;
    this.errored = true;
    const status = errorStatus(err);
    const unavailable = this.spec.optional && status === 404;
    const prev = this.state;
    this.state = unavailable
      ? {
          state: "unavailable",
          error: `${this.spec.path} is not served by this API server (CRD not installed?)`,
        }
      : {
          // A relist after a silent stream that fails (often: it too hit the deadline) leaves
          // the data as stale as it was; it stays flagged until a list succeeds.
          state: prev.state === "stale" ? "stale" : "error",
          error: describeError(err),
          ...(prev.syncedAt ? { syncedAt: prev.syncedAt } : {}),
        };
    if (prev.state !== this.state.state || prev.error !== this.state.error) this.onChange();
    this.firstDone();
    if (!unavailable) this.onError(this.spec.kind, err);
    // 403 is expected for namespaced kinds while the stack's namespace (and with it the
    // RoleBinding that grants the dashboard access) does not exist yet: retry at most every 5 s,
    // and at once when the namespace appears (see retryNow).
    const maxMs = status === 403 ? FORBIDDEN_RETRY_MAX_MS : undefined;
    const delay = unavailable
      ? UNAVAILABLE_RETRY_MS
      : backoffDelay(this.attempt++, maxMs ? { maxMs } : {});
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.start(), delay);
    this.timer.unref();
  }

  /** Restart a failed watch now instead of waiting out its backoff. */
  retryNow(): void {
    if (
      this.stopped ||
      !this.errored ||
      (this.state.state !== "error" && this.state.state !== "stale")
    )
      return;
    clearTimeout(this.timer);
    void this.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.staleTimer);
    await this.informer.stop();
  }
}

class Model implements LiveModel {
  private readonly watches: Map<WatchedKind, KindWatch<KubernetesObject>>;
  private readonly listeners = new Set<(version: number) => void>();
  private version = 0;
  private cached: ClusterView | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private metricsTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = false;
  private metrics: MetricsState = { available: false, pods: [] };
  private readonly kc: KubeConfig;
  private readonly namespace: string;
  private readonly probeIntervalMs: number;
  private connectivity: {
    connected: boolean;
    error: string | null;
    since: string;
    lastSyncAt: string | null;
  } = {
    connected: false,
    error: "Connecting to the API server…",
    since: new Date().toISOString(),
    lastSyncAt: null,
  };

  constructor(opts: LiveModelOptions) {
    this.kc = opts.kubeConfig;
    this.namespace = opts.namespace;
    this.probeIntervalMs = opts.probeIntervalMs ?? PROBE_INTERVAL_MS;
    const ns = encodeURIComponent(opts.namespace);
    const core = this.kc.makeApiClient(CoreV1Api);
    const apps = this.kc.makeApiClient(AppsV1Api);
    const custom = this.kc.makeApiClient(CustomObjectsApi);
    const nsSelector = `metadata.name=${opts.namespace}`;
    // Typed wrappers: each list returns the kind's list object; the informer keeps raw objects
    // here in lib/k8s only and hands the reshaped views to the snapshot.
    const specs: KindSpec<KubernetesObject>[] = [
      spec({
        kind: "namespace",
        path: "/api/v1/namespaces",
        fieldSelector: nsSelector,
        list: (o) => core.listNamespace({ fieldSelector: nsSelector }, o),
        reshape: reshapeNamespace,
      }),
      spec({
        kind: "deployments",
        path: `/apis/apps/v1/namespaces/${ns}/deployments`,
        list: (o) => apps.listNamespacedDeployment({ namespace: opts.namespace }, o),
        reshape: reshapeDeployment,
      }),
      spec({
        kind: "replicasets",
        path: `/apis/apps/v1/namespaces/${ns}/replicasets`,
        list: (o) => apps.listNamespacedReplicaSet({ namespace: opts.namespace }, o),
        reshape: reshapeReplicaSet,
      }),
      spec({
        kind: "pods",
        path: `/api/v1/namespaces/${ns}/pods`,
        list: (o) => core.listNamespacedPod({ namespace: opts.namespace }, o),
        reshape: reshapePod,
      }),
      spec({
        kind: "pvcs",
        path: `/api/v1/namespaces/${ns}/persistentvolumeclaims`,
        list: (o) => core.listNamespacedPersistentVolumeClaim({ namespace: opts.namespace }, o),
        reshape: reshapePvc,
      }),
      spec({
        kind: "services",
        path: `/api/v1/namespaces/${ns}/services`,
        list: (o) => core.listNamespacedService({ namespace: opts.namespace }, o),
        reshape: reshapeService,
      }),
      spec({
        kind: "events",
        path: `/api/v1/namespaces/${ns}/events`,
        list: (o) => core.listNamespacedEvent({ namespace: opts.namespace }, o),
        reshape: reshapeEvent,
      }),
      spec<RawHttpRoute>({
        kind: "httproutes",
        path: `/apis/gateway.networking.k8s.io/v1/namespaces/${ns}/httproutes`,
        list: async (o) =>
          (await custom.listNamespacedCustomObject(
            {
              group: "gateway.networking.k8s.io",
              version: "v1",
              namespace: opts.namespace,
              plural: "httproutes",
            },
            o,
          )) as KubernetesListObject<RawHttpRoute>,
        reshape: reshapeHttpRoute,
        optional: true,
      }),
      spec({
        kind: "pvs",
        path: "/api/v1/persistentvolumes",
        list: (o) => core.listPersistentVolume({}, o),
        reshape: reshapePv,
      }),
      spec({
        kind: "nodes",
        path: "/api/v1/nodes",
        list: (o) => core.listNode({}, o),
        reshape: reshapeNode,
      }),
    ];
    this.watches = new Map(
      specs.map((s) => [
        s.kind,
        new KindWatch(
          s,
          this.kc,
          () => this.changed(s.kind),
          (_kind, err) => this.watchFailed(err),
          opts.watchLivenessMs ?? WATCH_LIVENESS_MS,
          opts.staleGraceMs ?? STALE_GRACE_MS,
        ),
      ]),
    );
  }

  start(): void {
    for (const w of this.watches.values()) void w.start();
    void this.probe();
    void this.pollMetrics();
  }

  async ready(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.first));
  }

  get status(): LiveStatus {
    const c = this.connectivity;
    const stale = [...this.watches].filter(([, w]) => w.state.state === "stale");
    const since = stale
      .map(([, w]) => w.state.syncedAt ?? "")
      .filter(Boolean)
      .sort()[0];
    return {
      connected: c.connected,
      lastSyncAt: c.lastSyncAt,
      error: c.error,
      since: c.since,
      ...(stale.length > 0
        ? {
            stale: {
              kinds: stale.map(([k]) => k),
              since: since ?? c.since,
              message: `No news from the API server on ${stale.map(([k]) => k).join(", ")} past the ${Math.round((stale[0]?.[1].livenessMs ?? 0) / 1000)} s deadline: the connection may be dead; relisting`,
            },
          }
        : {}),
    };
  }

  subscribe(fn: (version: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  snapshot(): ClusterView {
    if (!this.cached) {
      const all = <V>(kind: WatchedKind): V[] =>
        [...(this.watches.get(kind)?.views.values() ?? [])].map((e) => e.view as V).sort(byName);
      const watches = Object.fromEntries(
        [...this.watches].map(([k, w]) => [k, { ...w.state }]),
      ) as Record<WatchedKind, WatchState>;
      const events = all<ClusterView["events"][number]>("events")
        .sort((a, b) => (b.lastAt ?? "").localeCompare(a.lastAt ?? ""))
        .slice(0, MAX_EVENTS);
      this.cached = {
        version: this.version,
        builtAt: new Date().toISOString(),
        status: this.status,
        namespaceName: this.namespace,
        namespace: all<NonNullable<ClusterView["namespace"]>>("namespace")[0] ?? null,
        deployments: all("deployments"),
        replicaSets: all("replicasets"),
        pods: all("pods"),
        pvcs: all("pvcs"),
        services: all("services"),
        events,
        httpRoutes: all("httproutes"),
        pvs: all("pvs"),
        nodes: all("nodes"),
        watches,
        metrics: this.metrics,
      };
    }
    // Connectivity moves on without a version bump (lastSyncAt advances on every probe).
    return { ...this.cached, status: this.status };
  }

  private changed(kind?: WatchedKind): void {
    // The namespace just appeared (a deploy started): namespaced watches that were refused
    // for lack of it retry now, so the new objects show up without waiting out a backoff.
    if (kind === "namespace" && this.watches.get("namespace")?.views.size) {
      for (const w of this.watches.values()) w.retryNow();
    }
    this.version++;
    this.cached = undefined;
    // A change while a watch is stale or failing does not make the whole model current.
    if (this.connectivity.connected && this.allSynced())
      this.connectivity.lastSyncAt = new Date().toISOString();
    if (this.notifyTimer || this.stopped) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      for (const fn of this.listeners) {
        try {
          fn(this.version);
        } catch {
          // A broken subscriber (closed stream) must not stop the others.
        }
      }
    }, NOTIFY_COALESCE_MS);
  }

  private setConnected(connected: boolean, error: string | null): void {
    const c = this.connectivity;
    const now = new Date().toISOString();
    if (connected) c.lastSyncAt = this.allSynced() ? now : c.lastSyncAt;
    if (c.connected === connected && c.error === error) return;
    // Back from an outage: watches deep in their backoff reconnect now, not up to 30 s later.
    if (connected && !c.connected) for (const w of this.watches.values()) w.retryNow();
    this.connectivity = {
      connected,
      error,
      since: c.connected === connected ? c.since : now,
      lastSyncAt: c.lastSyncAt,
    };
    this.changed();
  }

  private allSynced(): boolean {
    return [...this.watches.values()].every(
      (w) => w.state.state === "synced" || w.state.state === "unavailable",
    );
  }

  /** A watch failed: check the API server now instead of waiting for the next probe tick. */
  private watchFailed(_err: unknown): void {
    void this.probe();
  }

  private async probe(): Promise<void> {
    if (this.stopped) return;
    clearTimeout(this.probeTimer);
    if (!this.probing) {
      this.probing = true;
      try {
        const ok = await new Health(this.kc).readyz({
          signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
        });
        this.setConnected(
          ok,
          ok ? null : "The API server answers but is not ready (/readyz failed)",
        );
      } catch (err) {
        const timeout =
          err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
        this.setConnected(
          false,
          timeout
            ? "The API server did not answer within 1.5 s"
            : `Cannot reach the API server: ${describeError(err)}`,
        );
      } finally {
        this.probing = false;
      }
    }
    if (this.stopped) return;
    this.probeTimer = setTimeout(() => void this.probe(), this.probeIntervalMs);
    this.probeTimer.unref();
  }

  /** Live usage from metrics.k8s.io when the API server serves it (metrics-server installed). */
  private async pollMetrics(): Promise<void> {
    if (this.stopped) return;
    let next = METRICS_DISCOVERY_MS;
    try {
      const custom = this.kc.makeApiClient(CustomObjectsApi);
      const list = (await custom.listNamespacedCustomObject({
        group: "metrics.k8s.io",
        version: "v1beta1",
        namespace: this.namespace,
        plural: "pods",
      })) as { items?: RawPodMetrics[] };
      this.setMetrics({
        available: true,
        checkedAt: new Date().toISOString(),
        pods: (list.items ?? []).map(reshapePodMetrics),
      });
      next = METRICS_POLL_MS;
    } catch (err) {
      const status = errorStatus(err);
      this.setMetrics(
        status === 404
          ? { available: false, checkedAt: new Date().toISOString(), pods: [] }
          : {
              available: this.metrics.available,
              checkedAt: new Date().toISOString(),
              pods: this.metrics.pods,
              error: describeError(err),
            },
      );
      if (status !== 404) next = METRICS_POLL_MS;
    }
    if (this.stopped) return;
    this.metricsTimer = setTimeout(() => void this.pollMetrics(), next);
    this.metricsTimer.unref();
  }

  private setMetrics(next: MetricsState): void {
    const same = (m: MetricsState) => JSON.stringify({ ...m, checkedAt: undefined });
    const changed = same(next) !== same(this.metrics);
    this.metrics = next;
    if (changed) this.changed();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.probeTimer);
    clearTimeout(this.metricsTimer);
    clearTimeout(this.notifyTimer);
    this.listeners.clear();
    await Promise.all([...this.watches.values()].map((w) => w.stop()));
  }
}

function spec<T extends KubernetesObject>(s: {
  kind: WatchedKind;
  path: string;
  list: (options: ConfigurationOptions) => Promise<KubernetesListObject<T>>;
  reshape: (o: T) => unknown;
  fieldSelector?: string;
  optional?: boolean;
}): KindSpec<KubernetesObject> {
  return s as unknown as KindSpec<KubernetesObject>;
}

function byName(a: unknown, b: unknown): number {
  const an = (a as { name?: string }).name ?? "";
  const bn = (b as { name?: string }).name ?? "";
  return an.localeCompare(bn);
}

/** Starts a live model. Prefer `getLiveModel()`, which keeps one per process. */
export function createLiveModel(opts: LiveModelOptions): LiveModel {
  const m = new Model(opts);
  m.start();
  return m;
}
