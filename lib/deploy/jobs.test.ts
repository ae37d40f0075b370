import { describe, expect, it } from "vitest";
import { JobRegistry, type JobView } from "./jobs";

describe("JobRegistry", () => {
  it("runs one job at a time and lets followers see every change", () => {
    const r = new JobRegistry(2);
    const a = r.start("deploy", "all");
    if (!a.ok) throw new Error("expected start");
    const b = r.start("teardown", "media");
    expect(b).toMatchObject({ ok: false, error: "a deploy (all) is already running" });
    const seen: JobView[] = [];
    const off = r.subscribe(a.job.id, (j) => seen.push(j));
    r.update(
      a.job.id,
      (j) =>
        void j.objects.push({
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
    expect(r.start("teardown", "media").ok).toBe(true);
  });

  it("returns copies, never its own state", () => {
    const r = new JobRegistry();
    const a = r.start("deploy", "sonarr");
    if (!a.ok) throw new Error("expected start");
    r.get(a.job.id)!.objects.push({ key: "x", kind: "x", name: "x", outcome: "failed" });
    expect(r.get(a.job.id)?.objects).toEqual([]);
  });

  it("keeps only the newest finished jobs", () => {
    const r = new JobRegistry(2);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = r.start("deploy", `app${i}`);
      if (!s.ok) throw new Error("expected start");
      ids.push(s.job.id);
      r.finish(s.job.id, "succeeded", "ok");
    }
    r.start("deploy", "again");
    expect(ids.map((id) => Boolean(r.get(id)))).toEqual([false, false, true, true]);
    expect(r.latest()?.scope).toBe("again");
  });
});
