/**
 * Process lifecycle flags shared by /api/readyz and the shutdown hook (globalThis: one per process).
 * `draining` is set on SIGTERM so the Service stops sending new requests while in-flight ones end.
 */
const KEY = Symbol.for("arr-dashboard.lifecycle");
interface Lifecycle {
  startedAt: number;
  draining: boolean;
}

export function lifecycle(): Lifecycle {
  const g = globalThis as { [KEY]?: Lifecycle };
  g[KEY] ??= { startedAt: Date.now(), draining: false };
  return g[KEY];
}

export function setDraining(): void {
  lifecycle().draining = true;
}
