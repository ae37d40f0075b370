import { describe, expect, it } from "vitest";
import { Registry } from "./registry";

describe("Registry", () => {
  it("renders counters, gauges and histograms in the text format", () => {
    const r = new Registry();
    const c = r.counter("x_total", "Things.\nTwo lines", ["kind"]);
    c.inc({ kind: 'a"b\\c' });
    c.inc({ kind: 'a"b\\c' }, 2);
    const g = r.gauge("y", "A gauge.");
    g.set({}, 1.5);
    const h = r.histogram("z_seconds", "Latency.", ["route"], [0.1, 1]);
    h.observe({ route: "/r" }, 0.05);
    h.observe({ route: "/r" }, 0.5);
    h.observe({ route: "/r" }, 5);
    expect(r.render()).toBe(
      [
        "# HELP x_total Things.\\nTwo lines",
        "# TYPE x_total counter",
        'x_total{kind="a\\"b\\\\c"} 3',
        "# HELP y A gauge.",
        "# TYPE y gauge",
        "y 1.5",
        "# HELP z_seconds Latency.",
        "# TYPE z_seconds histogram",
        'z_seconds_bucket{route="/r",le="0.1"} 1',
        'z_seconds_bucket{route="/r",le="1"} 2',
        'z_seconds_bucket{route="/r",le="+Inf"} 3',
        'z_seconds_sum{route="/r"} 5.55',
        'z_seconds_count{route="/r"} 3',
        "",
      ].join("\n"),
    );
  });

  it("refuses bad names, unknown labels, decreasing counters; returns the same metric on re-register", () => {
    const r = new Registry();
    expect(() => r.counter("bad-name", "h")).toThrow();
    const c = r.counter("ok_total", "h", ["a"]);
    expect(r.counter("ok_total", "h", ["a"])).toBe(c);
    expect(() => r.gauge("ok_total", "h")).toThrow(/already registered/);
    expect(() => c.inc({ b: "x" })).toThrow(/unknown label/);
    expect(() => c.inc({}, -1)).toThrow();
  });

  it("runs collectors at scrape time and survives a failing one", () => {
    const r = new Registry();
    const g = r.gauge("age_seconds", "h");
    let n = 0;
    r.collect(() => {
      throw new Error("boom");
    });
    r.collect(() => g.set({}, ++n));
    expect(r.render()).toContain("age_seconds 1");
    expect(r.render()).toContain("age_seconds 2");
  });

  it("caps the number of series", () => {
    const r = new Registry();
    const c = r.counter("many_total", "h", ["id"]);
    for (let i = 0; i < 1500; i++) c.inc({ id: String(i) });
    expect(
      r
        .render()
        .split("\n")
        .filter((l) => l.startsWith("many_total{")).length,
    ).toBe(1000);
  });
});
