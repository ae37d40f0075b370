import { describe, expect, it } from "vitest";
import { event, pv, pvc } from "./fixtures";
import { pvcHealth, pvHealth } from "./storage";

describe("pvHealth", () => {
  it("is Healthy when Bound or Available", () => {
    expect(pvHealth(pv())).toMatchObject({ status: "Healthy", reason: "Bound to media/arr-data" });
    expect(pvHealth(pv({ phase: "Available", claimRef: undefined }))).toMatchObject({
      status: "Healthy",
    });
  });

  it("is Degraded when Released, naming the stale claim and the fix", () => {
    const h = pvHealth(pv({ phase: "Released" }));
    expect(h.status).toBe("Degraded");
    expect(h.reason).toBe("Released: still reserved for media/arr-data, which no longer exists");
    expect(h.details[0]).toContain("Retain");
  });

  it("is Degraded when Failed, with the message", () => {
    expect(pvHealth(pv({ phase: "Failed", message: "recycler failed" }))).toMatchObject({
      status: "Degraded",
      reason: "Failed: recycler failed",
    });
  });

  it("is Progressing when Pending or being deleted", () => {
    expect(pvHealth(pv({ phase: "Pending" })).status).toBe("Progressing");
    expect(pvHealth(pv({ deletionTimestamp: "2026-11-25T10:00:00.000Z" })).status).toBe(
      "Progressing",
    );
  });
});

describe("pvcHealth", () => {
  it("is Healthy when Bound, with volume and size", () => {
    expect(pvcHealth(pvc())).toMatchObject({
      status: "Healthy",
      reason: "Bound to pvc-1234 (2Gi)",
    });
  });

  it("is Degraded when Lost", () => {
    expect(pvcHealth(pvc({ phase: "Lost" })).status).toBe("Degraded");
  });

  it("is Degraded when the PV it must bind is Released", () => {
    const h = pvcHealth(pvc({ name: "arr-data", phase: "Pending", volumeName: undefined }), {
      pv: pv({ phase: "Released" }),
    });
    expect(h.status).toBe("Degraded");
    expect(h.reason).toBe(
      "Claim arr-data cannot bind: PV arr-data-nfs is Released (stale claimRef to media/arr-data)",
    );
  });

  it("is Degraded when provisioning failed", () => {
    const h = pvcHealth(pvc({ phase: "Pending" }), {
      events: [
        event({
          involved: { kind: "PersistentVolumeClaim", name: "sonarr-config" },
          type: "Warning",
          reason: "ProvisioningFailed",
          message: 'storageclass.storage.k8s.io "longhorn" not found',
        }),
      ],
    });
    expect(h).toMatchObject({
      status: "Degraded",
      reason: "Claim sonarr-config: provisioning failed",
    });
  });

  it("is Healthy when waiting for a first consumer that does not exist (argo-cd#29201)", () => {
    const wffc = event({
      involved: { kind: "PersistentVolumeClaim", name: "sonarr-config" },
      reason: "WaitForFirstConsumer",
      message: "waiting for first consumer to be created before binding",
    });
    expect(pvcHealth(pvc({ phase: "Pending" }), { events: [wffc], consumers: 0 }).status).toBe(
      "Healthy",
    );
    // With a consumer the claim is expected to bind: that is progress.
    expect(pvcHealth(pvc({ phase: "Pending" }), { events: [wffc], consumers: 1 }).status).toBe(
      "Progressing",
    );
    expect(
      pvcHealth(pvc({ phase: "Pending", selectedNode: "kwok-node-0" }), {
        events: [wffc],
        consumers: 0,
      }).status,
    ).toBe("Progressing");
  });

  it("is Progressing when Pending, with the latest event", () => {
    const h = pvcHealth(pvc({ phase: "Pending" }), {
      events: [
        event({
          involved: { kind: "PersistentVolumeClaim", name: "sonarr-config" },
          reason: "Provisioning",
          message: "old",
          lastAt: "2026-11-25T10:00:00.000Z",
        }),
        event({
          involved: { kind: "PersistentVolumeClaim", name: "sonarr-config" },
          reason: "ExternalProvisioning",
          message: "waiting",
          lastAt: "2026-11-25T10:01:00.000Z",
        }),
      ],
    });
    expect(h).toEqual({
      status: "Progressing",
      reason: "Claim sonarr-config is Pending",
      details: ["ExternalProvisioning: waiting"],
    });
  });

  it("is Progressing while being deleted", () => {
    expect(pvcHealth(pvc({ deletionTimestamp: "2026-11-25T10:00:00.000Z" })).status).toBe(
      "Progressing",
    );
  });
});
