import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/format";
import { judgeNfsProbe, nfsProbeCommand, parseMountinfoLine, parseNfsProbe } from "./probe";

const healthy = [
  "begin",
  "dev 51 /data",
  "dev 51 /data/torrents",
  "dev 51 /data/media",
  "fs 536870912 268435456 268435456 4096 nfs",
  "mount 1203 1187 0:51 /Kubernetes/Media /data rw,relatime shared:600 - nfs4 10.10.30.4:/Kubernetes/Media rw,vers=4.1",
  "meta 10 ns 1000000000 1025000000",
  "write ok cs 100 102 /data/torrents",
  "end",
].join("\n");

describe("parseNfsProbe + judgeNfsProbe", () => {
  it("passes a healthy NFS mount", () => {
    const h = judgeNfsProbe("/data", parseNfsProbe("/data", healthy, ""), ["/data/torrents"]);
    expect(h.verdict).toBe("pass");
    expect(h.probe.mounts).toEqual([
      { mountPoint: "/data", fsType: "nfs4", source: "10.10.30.4:/Kubernetes/Media" },
    ]);
    expect(h.probe.metadataLatencyMs).toBeCloseTo(2.5);
    expect(h.probe.writes).toEqual([{ dir: "/data/torrents", ok: true, latencyMs: 20 }]);
    expect(h.probe.space).toMatchObject({ totalBytes: 2 * 1024 ** 4, usedBytes: 1024 ** 4 });
  });

  it("fails when torrents and media are on different devices, naming the nested mount", () => {
    const out =
      healthy.replace("dev 51 /data/media", "dev 77 /data/media") +
      "\nmount 9 1 0:77 / /data/media rw - tmpfs tmpfs rw";
    const h = judgeNfsProbe("/data", parseNfsProbe("/data", out, ""), []);
    expect(h.verdict).toBe("fail");
    expect(h.findings.find((f) => f.name === "same-device")?.detail).toMatch(
      /device 51 but media\/ on 77.*\/data\/media tmpfs/,
    );
  });

  it("fails when nothing is mounted, a write fails, or a probe file is left behind", () => {
    const out = healthy
      .split("\n")
      .filter((l) => !l.startsWith("mount"))
      .join("\n")
      .replace(
        "write ok cs 100 102 /data/torrents",
        "write fail x 0 0 /data/torrents\nwrite leftover x 0 0 /data/media/tv/.arr-dashboard-probe.abc",
      );
    const h = judgeNfsProbe(
      "/data",
      parseNfsProbe("/data", out, "mktemp: (null): Permission denied"),
      ["/data/torrents", "/data/media/tv"],
    );
    const byName = h.findings.map((f) => `${f.name}:${f.verdict}`);
    expect(byName).toEqual([
      "mounted:fail",
      "same-device:pass",
      "space:pass",
      "latency:pass",
      "writable:fail",
      "writable:fail",
    ]);
    expect(h.probe.errors).toEqual(["mktemp: (null): Permission denied"]);
  });

  it("cannot check what the probe did not report", () => {
    const h = judgeNfsProbe(
      "/data",
      parseNfsProbe(
        "/data",
        "begin\nmeta 10 x 1%N 2%N",
        "stat: can't stat '/data/media': No such file or directory",
      ),
      ["/data/torrents"],
    );
    expect(h.verdict).toBe("could-not-check");
    expect(h.findings.every((f) => f.verdict === "could-not-check")).toBe(true);
  });

  it("fails on low free space", () => {
    const out = healthy.replace(
      "fs 536870912 268435456 268435456 4096 nfs",
      "fs 1000 10 10 4096 nfs",
    );
    expect(
      judgeNfsProbe("/data", parseNfsProbe("/data", out, ""), []).findings.find(
        (f) => f.name === "space",
      )?.verdict,
    ).toBe("fail");
  });
});

describe("helpers", () => {
  it("unescapes mountinfo paths", () => {
    expect(parseMountinfoLine("1 2 0:1 / /data/my\\040media rw - nfs4 srv:/a\\040b rw")).toEqual({
      mountPoint: "/data/my media",
      fsType: "nfs4",
      source: "srv:/a b",
    });
    expect(parseMountinfoLine("garbage")).toBeNull();
  });

  it("builds a fixed argv and refuses odd paths", () => {
    const argv = nfsProbeCommand("/data", ["/data/torrents"]);
    expect(argv.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(argv.slice(3)).toEqual(["arr-nfs-probe", "/data", "/data/torrents"]);
    expect(() => nfsProbeCommand("/data", ["/data/$(reboot)"])).toThrow(/refusing/);
  });

  it("formats bytes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(2 * 1024 ** 4)).toBe("2.0 TiB");
  });
});
