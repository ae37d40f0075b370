/**
 * A small Prometheus registry writing the text exposition format (version 0.0.4): counters,
 * gauges and histograms with labels, plus collectors that compute gauges at scrape time.
 * Written here instead of adding prom-client: the dashboard needs a few metrics, no dependency.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

export type Labels = Record<string, string>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function labelKey(names: readonly string[], labels: Labels): string {
  for (const k of Object.keys(labels))
    if (!names.includes(k)) throw new Error(`unknown label ${k}`);
  return names.map((n) => labels[n] ?? "").join("\u0000");
}

function renderLabels(names: readonly string[], values: readonly string[], extra = ""): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i] ?? "")}"`);
  if (extra) parts.push(extra);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

/** Bounds the number of series per metric, so a bug feeding unbounded labels cannot eat memory. */
const MAX_SERIES = 1000;

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new Error(`bad metric name ${name}`);
    for (const l of labelNames)
      if (!LABEL.test(l) || l === "le") throw new Error(`bad label name ${l}`);
  }
  abstract readonly type: "counter" | "gauge" | "histogram";
  abstract samples(): string[];
  render(): string {
    return [
      `# HELP ${this.name} ${escapeHelp(this.help)}`,
      `# TYPE ${this.name} ${this.type}`,
      ...this.samples(),
    ].join("\n");
  }
}

export class Counter extends Metric {
  readonly type = "counter";
  private values = new Map<string, number>();
  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new Error("a counter only goes up");
    const k = labelKey(this.labelNames, labels);
    if (!this.values.has(k) && this.values.size >= MAX_SERIES) return;
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(this.labelNames, labels)) ?? 0;
  }
  samples(): string[] {
    return [...this.values].map(
      ([k, v]) =>
        `${this.name}${renderLabels(this.labelNames, k.split("\u0000"))} ${formatNumber(v)}`,
    );
  }
}

export class Gauge extends Metric {
  readonly type = "gauge";
  private values = new Map<string, number>();
  set(labels: Labels, value: number): void {
    const k = labelKey(this.labelNames, labels);
    if (!this.values.has(k) && this.values.size >= MAX_SERIES) return;
    this.values.set(k, value);
  }
  reset(): void {
    this.values.clear();
  }
  get(labels: Labels = {}): number | undefined {
    return this.values.get(labelKey(this.labelNames, labels));
  }
  samples(): string[] {
    return [...this.values].map(
      ([k, v]) =>
        `${this.name}${renderLabels(this.labelNames, k.split("\u0000"))} ${formatNumber(v)}`,
    );
  }
}

export class Histogram extends Metric {
  readonly type = "histogram";
  private series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
    for (let i = 1; i < buckets.length; i++)
      if ((buckets[i] ?? 0) <= (buckets[i - 1] ?? 0)) throw new Error("buckets must increase");
  }
  observe(labels: Labels, value: number): void {
    const k = labelKey(this.labelNames, labels);
    let s = this.series.get(k);
    if (!s) {
      if (this.series.size >= MAX_SERIES) return;
      s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(k, s);
    }
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count += 1;
  }
  samples(): string[] {
    const out: string[] = [];
    for (const [k, s] of this.series) {
      const values = k.split("\u0000");
      this.buckets.forEach((b, i) =>
        out.push(
          `${this.name}_bucket${renderLabels(this.labelNames, values, `le="${formatNumber(b)}"`)} ${s.counts[i] ?? 0}`,
        ),
      );
      out.push(
        `${this.name}_bucket${renderLabels(this.labelNames, values, 'le="+Inf"')} ${s.count}`,
      );
      out.push(`${this.name}_sum${renderLabels(this.labelNames, values)} ${formatNumber(s.sum)}`);
      out.push(`${this.name}_count${renderLabels(this.labelNames, values)} ${s.count}`);
    }
    return out;
  }
}

export class Registry {
  private metrics = new Map<string, Metric>();
  private collectors: (() => void)[] = [];

  private add<M extends Metric>(m: M): M {
    const existing = this.metrics.get(m.name);
    if (existing) {
      if (existing.type !== m.type)
        throw new Error(`metric ${m.name} already registered as ${existing.type}`);
      return existing as M;
    }
    this.metrics.set(m.name, m);
    return m;
  }
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }
  histogram(
    name: string,
    help: string,
    labelNames: readonly string[],
    buckets: readonly number[],
  ): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }
  /** `fn` runs before every scrape (e.g. to set gauges from the live model); a throwing collector is skipped. */
  collect(fn: () => void): void {
    this.collectors.push(fn);
  }
  render(): string {
    for (const c of this.collectors) {
      try {
        c();
      } catch {
        // A broken collector must not take the whole scrape down.
      }
    }
    return [...this.metrics.values()].map((m) => m.render()).join("\n") + "\n";
  }
}

export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
