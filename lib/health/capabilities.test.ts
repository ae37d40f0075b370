import { describe, expect, it } from "vitest";
import { lintManifests } from "@/lib/deploy/lint";
import type { ManifestObject } from "@/lib/stack/types";
import { capabilityStall, startupWindowMs } from "./capabilities";
import { linuxServerDeployment, notReadyPod, pod } from "./fixtures";

// F9's input: a LinuxServer container with drop: [ALL] and nothing added back; s6 cannot switch
// to PUID, the container stays Running and never becomes Ready.
const sonarr = linuxServerDeployment;

const started = "2026-11-30T10:00:00.000Z";
const at = (seconds: number) => Date.parse(started) + seconds * 1000;
const stalled = notReadyPod({ state: { kind: "running", startedAt: started } });

function verdict(manifest: ManifestObject, pods = [stalled], now = at(600)) {
  const container = (manifest.spec as { template: { spec: { containers: unknown[] } } }).template
    .spec.containers[0];
  return capabilityStall({
    app: "sonarr",
    findings: lintManifests([manifest]),
    pods,
    now,
    windowMs: () => startupWindowMs(container),
  });
}

describe("F9 capability stall", () => {
  it("names the dropped capabilities when a flagged container is Running but not Ready past its window", () => {
    const h = verdict(sonarr({ drop: ["ALL"] }));
    expect(h?.status).toBe("Degraded");
    expect(h?.reason).toMatch(/sonarr: Running but not Ready for 10 min/);
    expect(h?.reason).toMatch(/cannot switch to PUID/);
    expect(h?.details.join("\n")).toMatch(/CHOWN, SETUID, SETGID/);
    expect(h?.details.join("\n")).toMatch(/s6-applyuidgid/);
    expect(h?.details.join("\n")).toMatch(/sonarr-7d9c-abcde/);
  });

  it("points at the container whose log proves it: s6 and permission highlights", () => {
    const h = verdict(sonarr({ drop: ["ALL"] }));
    expect(h?.logEvidence).toEqual({
      pod: stalled.name,
      container: stalled.containers[0]!.name,
      highlights: ["s6-uidgid", "permission-denied"],
    });
    // Only this rule carries log evidence: inside the window there is no verdict at all.
    expect(verdict(sonarr({ drop: ["ALL"] }), [stalled], at(100))?.logEvidence).toBeUndefined();
  });

  it("stays quiet inside the startup window (from the readiness probe)", () => {
    const m = sonarr({ drop: ["ALL"] }, { periodSeconds: 10, failureThreshold: 30 });
    expect(startupWindowMs({ readinessProbe: { periodSeconds: 10, failureThreshold: 30 } })).toBe(
      300_000,
    );
    expect(verdict(m, [stalled], at(240))).toBeNull();
    expect(verdict(m, [stalled], at(360))?.status).toBe("Degraded");
  });

  it("uses the default window without probes and never less than 30 s", () => {
    expect(startupWindowMs({})).toBe(120_000);
    expect(startupWindowMs({ startupProbe: { periodSeconds: 1, failureThreshold: 1 } })).toBe(
      30_000,
    );
    expect(verdict(sonarr({ drop: ["ALL"] }), [stalled], at(100))).toBeNull();
  });

  it("does not apply when the capabilities are added back, the pod is Ready, or it is terminating", () => {
    expect(verdict(sonarr({ drop: ["ALL"], add: ["CHOWN", "SETUID", "SETGID"] }))).toBeNull();
    expect(verdict(sonarr({ drop: ["ALL"] }), [pod()])).toBeNull();
    expect(
      verdict(sonarr({ drop: ["ALL"] }), [{ ...stalled, deletionTimestamp: started }]),
    ).toBeNull();
  });

  it("does not blame capabilities for a container that is waiting (e.g. CrashLoopBackOff)", () => {
    const waiting = notReadyPod({ state: { kind: "waiting", reason: "CrashLoopBackOff" } });
    expect(verdict(sonarr({ drop: ["SETUID"] }), [waiting])).toBeNull();
  });
});
