import { describe, expect, it } from "vitest";
import { event, notReadyPod } from "./fixtures";
import { pickMountFailure, readMountFailure } from "./mount";
import { podHealth } from "./pod";

// F7's input: the specific event (older) and the kubelet's generic timeout (newer).
const accessDenied = event({
  type: "Warning",
  reason: "FailedMount",
  count: 3,
  lastAt: "2026-11-25T10:02:00.000Z",
  message: [
    'MountVolume.SetUp failed for volume "arr-data-nfs" : mount failed: exit status 32',
    "Mounting command: mount",
    "Mounting arguments: -t nfs 10.10.30.4:/Kubernetes/Media /var/lib/kubelet/pods/4f1c2a9e-0d7b-4a53-9b8e-2f7c1d0e6a11/volumes/kubernetes.io~nfs/arr-data-nfs",
    "Output: mount.nfs: access denied by server while mounting 10.10.30.4:/Kubernetes/Media",
  ].join("\n"),
});
const timeout = event({
  type: "Warning",
  reason: "FailedMount",
  count: 2,
  lastAt: "2026-11-25T10:04:00.000Z",
  message:
    "Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[config data kube-api-access-x2x9l]: timed out waiting for the condition",
});
const creating = notReadyPod(
  { state: { kind: "waiting", reason: "ContainerCreating" } },
  { phase: "Pending" },
);

const withOutput = (output: string) =>
  event({
    type: "Warning",
    reason: "FailedMount",
    message: `MountVolume.SetUp failed for volume "arr-data-nfs" : mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t nfs nas:/media /x\nOutput: ${output}`,
  });

describe("F7 FailedMount", () => {
  it("heads with the Output: line of the older specific event, not the newer timeout", () => {
    const h = podHealth(creating, [timeout, accessDenied]);
    expect(h.status).toBe("Degraded");
    expect(h.reason).toBe(
      "FailedMount (×3) (volume arr-data-nfs): mount.nfs: access denied by server while mounting 10.10.30.4:/Kubernetes/Media",
    );
    expect(h.details[0]).toMatch(/^The NFS server refused this node: check that the export allows/);
  });

  it("keeps the cause when the message is far longer than a headline", () => {
    const long = {
      ...accessDenied,
      message: accessDenied.message.replace("/var/lib", `/var/lib${"/x".repeat(400)}`),
    };
    expect(podHealth(creating, [timeout, long]).reason).toMatch(/access denied by server/);
  });

  it.each([
    ["mount.nfs: access denied by server while mounting nas:/media", /refused this node/],
    ["mount.nfs: Protocol not supported", /NFS version mismatch/],
    [
      "mount.nfs: requested NFS version or transport protocol is not supported",
      /NFS version mismatch/,
    ],
    [
      "mount.nfs: mounting nas:/Media failed, reason given by server: No such file or directory",
      /path does not exist/,
    ],
    ["mount.nfs: Connection timed out", /cannot reach the NFS server/],
    ["mount.nfs4: No route to host", /cannot reach the NFS server/],
    ["mount.nfs: Connection refused", /no NFS service listens/],
    [
      "mount: /x: bad option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> helper program.",
      /install nfs-common/,
    ],
    ["mount.nfs: Operation not permitted", /root squash/],
    ["mount.nfs: Stale file handle", /re-export/],
  ])("maps %s to a hint", (output, hint) => {
    const f = readMountFailure(withOutput(output));
    expect(f.cause).toBe(output);
    expect(f.generic).toBe(false);
    expect(f.hint).toMatch(hint);
  });

  it("reads a mount.nfs line even without the Output: prefix", () => {
    const f = readMountFailure(
      event({
        type: "Warning",
        reason: "FailedMount",
        message:
          'MountVolume.SetUp failed for volume "media" : mount failed: exit status 32\nmount.nfs: Connection timed out',
      }),
    );
    expect(f).toMatchObject({
      volume: "media",
      cause: "mount.nfs: Connection timed out",
      generic: false,
    });
  });

  it("has no hint for an output it does not know, and still shows the output", () => {
    const f = readMountFailure(withOutput("mount.nfs: an incorrect mount option was specified"));
    expect(f.hint).toBeUndefined();
    expect(f.cause).toBe("mount.nfs: an incorrect mount option was specified");
  });

  it("falls back to the generic timeout, marked as such, when nothing specific was reported", () => {
    const f = pickMountFailure([timeout]);
    expect(f).toMatchObject({ generic: true, volume: "data" });
    const h = podHealth(creating, [timeout]);
    expect(h.status).toBe("Degraded");
    expect(h.reason).toMatch(
      /^FailedMount \(×2\): Unable to attach or mount volumes: unmounted volumes=\[data\]/,
    );
    expect(h.details).toContain("No specific mount error reported yet");
  });

  it("prefers the newest specific event among several", () => {
    const older = {
      ...withOutput("mount.nfs: Connection timed out"),
      lastAt: "2026-11-25T09:00:00.000Z",
    };
    const newer = {
      ...withOutput("mount.nfs: access denied by server"),
      lastAt: "2026-11-25T10:00:00.000Z",
    };
    expect(pickMountFailure([timeout, newer, older])?.cause).toBe(
      "mount.nfs: access denied by server",
    );
  });
});
