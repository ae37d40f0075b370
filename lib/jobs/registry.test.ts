import { describe, expect, it } from "vitest";
import { JobRegistry, type JobView } from "./registry";

const deploy = () => ({ objects: [], rollouts: [] });

describe("JobRegistry", () => {
  it("runs one job at a time and lets followers see every change", () => {
    const r = new JobRegistry(2);
    const a = r.start("deploy", "all", deploy());
    if (!a.ok) throw new Error("expected start");
    const b = r.start("teardown", "media", {});
    expect(b).toMatchObject({ ok: false, error: "a deploy (all) is already running" });
    const seen: JobView[] = [];
    const off = r.subscribe(a.job.id, (j) => seen.push(j));
    r.update<"deploy">(
      a.job.id,
      (j) =>
        void j.detail.objects.push({
          key: "Namespace/media",
          kind: "Namespace",
          name: "media",
          outcome: "created",
        }),
    );
    r.log(a.job.id, "hello");
    r.finish(a.job.id, "succeeded", "done");
    off();
    expect(seen.map((j) => j.version)).toEqual([1, 2, 3]);
    expect(seen[2]).toMatchObject({
      status: "succeeded",
      summary: "done",
      finishedAt: expect.any(String),
    });
    // Finished jobs are frozen.
    r.log(a.job.id, "late");
    expect(r.get(a.job.id)?.log.map((l) => l.text)).toEqual(["hello"]);
    expect(r.start("teardown", "media", {}).ok).toBe(true);
  });

  it("returns copies, never its own state", () => {
    const r = new JobRegistry();
    const a = r.start("deploy", "sonarr", deploy());
    if (!a.ok) throw new Error("expected start");
    (r.get(a.job.id) as JobView<"deploy">).detail.objects.push({
      key: "x",
      kind: "x",
      name: "x",
      outcome: "failed",
    });
    expect((r.get(a.job.id) as JobView<"deploy">).detail.objects).toEqual([]);
  });

  it("keeps only the newest finished jobs", () => {
    const r = new JobRegistry(2);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = r.start("deploy", `app${i}`, deploy());
      if (!s.ok) throw new Error("expected start");
      ids.push(s.job.id);
      r.finish(s.job.id, "succeeded", "ok");
    }
    r.start("deploy", "again", deploy());
    expect(ids.map((id) => Boolean(r.get(id)))).toEqual([false, false, true, true]);
    expect(r.latest()?.scope).toBe("again");
  });

  it("joins a running job of the same kind, cancels through its signal, codes failures", () => {
    const r = new JobRegistry();
    const audit = { pod: "radarr-1", progress: null, run: null };
    const a = r.start("hardlink-audit", "radarr-1", audit, { join: true });
    if (!a.ok) throw new Error("expected start");
    const b = r.start("hardlink-audit", "sonarr-1", audit, { join: true });
    expect(b).toMatchObject({ ok: true, joined: true, job: { id: a.job.id } });
    // Another group is not blocked by an audit.
    expect(r.start("deploy", "all", deploy()).ok).toBe(true);
    const signal = r.signal(a.job.id);
    expect(r.cancel(a.job.id)).toBe(true);
    expect(signal.aborted).toBe(true);
    r.finish(a.job.id, "cancelled", "cancelled by the user");
    expect(r.cancel(a.job.id)).toBe(false);
    const d = r.active("stack");
    if (!d) throw new Error("expected the deploy");
    r.finish(d.id, "failed", "API server unreachable", "unreachable");
    expect(r.get(d.id)?.failure).toEqual({ code: "unreachable", error: "API server unreachable" });
    expect(r.latest("hardlink-audit", { finished: true })?.status).toBe("cancelled");
  });
});
