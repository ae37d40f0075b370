import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/format";
import {
  judgeNfsProbe,
  nfsProbeCommand,
  parseMountinfoLine,
  parseNfsProbe,
  writableFor,
} from "./probe";

/** Probe stdout: pid first, the tagged lines, and the trailer counting them (as the script does). */
function probeOut(lines: string[], status = 0): string {
  return ["pid 4242", ...lines, `end ${status} ${lines.length}`].join("\n");
}

const healthyLines = [
  "id 0 0",
  "dev 51 /data",
  "dev 51 /data/torrents",
  "dev 51 /data/media",
  "fs 536870912 268435456 268435456 4096 nfs",
  "mount 1203 1187 0:51 /Kubernetes/Media /data rw,relatime shared:600 - nfs4 10.10.30.4:/Kubernetes/Media rw,vers=4.1",
  "meta 10 ns 1000000000 1025000000",
  "link ok",
  "perm 1000 1000 755 /data/torrents",
  "perm 1000 1000 755 /data",
  "write ok cs 100 102 /data/torrents",
];
const healthy = probeOut(healthyLines);

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
    const out = probeOut([
      ...healthyLines.map((l) => (l === "dev 51 /data/media" ? "dev 77 /data/media" : l)),
      "mount 9 1 0:77 / /data/media rw - tmpfs tmpfs rw",
    ]);
    const h = judgeNfsProbe("/data", parseNfsProbe("/data", out, ""), []);
    expect(h.verdict).toBe("fail");
    expect(h.findings.find((f) => f.name === "same-device")?.detail).toMatch(
      /device 51 but media\/ on 77.*\/data\/media tmpfs/,
    );
  });

  // F1: a subPath mount of the same claim shows the same st_dev, yet link() fails with EXDEV.
  it("fails two mounts of one device (subPath media) even before the link test, naming the extra mount", () => {
    const out = probeOut(
      healthyLines
        .filter((l) => l !== "link ok")
        .concat([
          "mount 1210 1187 0:48 /media /data/media rw,relatime - nfs4 10.10.30.4:/Kubernetes/Media rw,vers=4.1",
        ])
        .map((l) => l.replace(" 0:51 ", " 0:48 ")),
    );
    const h = judgeNfsProbe("/data", parseNfsProbe("/data", out, ""), []);
    expect(h.findings.find((f) => f.name === "same-device")?.verdict).toBe("pass");
    const mount = h.findings.find((f) => f.name === "same-mount");
    expect(mount?.verdict).toBe("fail");
    expect(mount?.detail).toMatch(/media\/ on \/data\/media.*extra mount \/data\/media \(nfs4/);
    expect(h.verdict).toBe("fail");
  });

  it.each([
    [
      "ln: failed to create hard link '/data/media/x' => '/data/torrents/y': Invalid cross-device link",
      "EXDEV",
    ],
    ["ln: /data/media/.arr-dashboard-probe.link.7: Cross-device link", "EXDEV"],
    ["ln: /data/media/x: Operation not permitted", "EACCES/EPERM"],
    ["ln: failed to create hard link 'x': Permission denied", "EACCES/EPERM"],
    ["ln: /data/media/x: Not supported", "ENOTSUP/EOPNOTSUPP"],
    ["ln: failed to create hard link 'x': Operation not supported", "ENOTSUP/EOPNOTSUPP"],
    ["ln: x: Stale file handle", "ESTALE"],
  ])("reports the real link test's errno: %s", (message, errno) => {
    const out = probeOut(healthyLines.map((l) => (l === "link ok" ? `link fail ${message}` : l)));
    const h = judgeNfsProbe("/data", parseNfsProbe("/data", out, ""), []);
    const f = h.findings.find((x) => x.name === "link-test");
    expect(f?.verdict).toBe("fail");
    expect(f?.detail).toContain(`(${errno})`);
    expect(f?.detail).toMatch(/Remedy: /);
    expect(h.verdict).toBe("fail");
  });

  it("cannot pass without the link test", () => {
    const out = probeOut(
      healthyLines.map((l) =>
        l === "link ok" ? "link untested cannot create a file in torrents/" : l,
      ),
    );
    const h = judgeNfsProbe("/data", parseNfsProbe("/data", out, ""), []);
    expect(h.findings.find((f) => f.name === "link-test")?.verdict).toBe("could-not-check");
    expect(h.verdict).toBe("could-not-check");
  });

  it("fails when nothing is mounted, a write fails, or a probe file is left behind", () => {
    const out = probeOut(
      healthyLines
        .filter((l) => !l.startsWith("mount"))
        .map((l) =>
          l === "write ok cs 100 102 /data/torrents"
            ? "write fail x 0 0 /data/torrents\nwrite leftover x 0 0 /data/media/tv/.arr-dashboard-probe.abc"
            : l,
        )
        .join("\n")
        .split("\n"),
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
      "same-mount:could-not-check",
      "link-test:pass",
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
        "stat: can't stat '/data/torrents/x': No such file or directory",
      ),
      ["/data/torrents"],
    );
    expect(h.verdict).toBe("could-not-check");
    expect(h.findings.every((f) => f.verdict === "could-not-check")).toBe(true);
  });

  // F12: an exit status is no proof of full output.
  it.each([
    ["no trailer", healthyLines.join("\n"), /without its trailer/],
    [
      "a count that does not match",
      `pid 1\n${healthyLines.slice(0, 3).join("\n")}\nend 0 ${healthyLines.length}`,
      /printed \d+ lines but 3 arrived/,
    ],
    [
      "output after the trailer",
      `${healthy}\nwrite ok cs 1 2 /data/media`,
      /after the probe's trailer/,
    ],
    ["an old-style bare end", `${healthyLines.join("\n")}\nend`, /without its trailer/],
  ])("is incomplete, never a pass, with %s", (_name, out, why) => {
    const p = parseNfsProbe("/data", out, "");
    expect(p.complete).toBe(false);
    expect(p.incompleteReason).toMatch(why);
    const h = judgeNfsProbe("/data", p, ["/data/torrents"]);
    expect(h.verdict).not.toBe("pass");
    expect(h.findings[0]).toMatchObject({ name: "complete", verdict: "could-not-check" });
  });

  // F4: ESTALE from BusyBox and GNU stat, and other classes.
  it.each([
    [
      "stat: can't stat '/data/torrents': Stale file handle",
      /stale NFS file handle \(ESTALE\).*restart the pod/,
    ],
    [
      "stat: cannot statx '/data/torrents': Stale file handle",
      /stale NFS file handle \(ESTALE\).*fsid/,
    ],
    ["stat: cannot statx '/data/media': Input/output error", /I\/O error \(EIO\)/],
    ["stat: can't stat '/data/media': Permission denied", /permission denied \(EACCES\/EPERM\)/],
    ["stat: cannot statx '/data/media': Not a directory", /not a directory \(ENOTDIR\)/],
  ])("names the failure and its remedy for %s", (stderr, detail) => {
    const lines = healthyLines.filter((l) => !l.startsWith("dev ") || l === "dev 51 /data");
    const h = judgeNfsProbe("/data", parseNfsProbe("/data", probeOut(lines, 1), stderr), []);
    const f = h.findings.find((x) => x.name === "readable");
    expect(f?.verdict).toBe("fail");
    expect(f?.detail).toMatch(detail);
    expect(h.verdict).toBe("fail");
  });

  // F5: writability is judged for the app's PUID/PGID; both identities shown when they disagree.
  it("judges writability for the app's identity, showing the exec identity when they disagree", () => {
    const out = probeOut(
      healthyLines.map((l) =>
        l === "perm 1000 1000 755 /data/torrents" ? "perm 0 0 755 /data/torrents" : l,
      ),
    );
    const h = judgeNfsProbe("/data", parseNfsProbe("/data", out, ""), ["/data/torrents"], {
      uid: 1000,
      gid: 1000,
    });
    const w = h.findings.find((f) => f.name === "writable");
    expect(w?.verdict).toBe("fail");
    expect(w?.detail).toMatch(/not writable for the app's PUID:PGID 1000:1000/);
    expect(w?.detail).toMatch(/exec identity 0:0 can write it/);

    const ok = judgeNfsProbe(
      "/data",
      parseNfsProbe(
        "/data",
        probeOut(
          healthyLines.map((l) =>
            l === "write ok cs 100 102 /data/torrents" ? "write fail x 0 0 /data/torrents" : l,
          ),
        ),
        "",
      ),
      ["/data/torrents"],
      { uid: 1000, gid: 1000 },
    );
    const w2 = ok.findings.find((f) => f.name === "writable");
    expect(w2?.verdict).toBe("pass");
    expect(w2?.detail).toMatch(
      /exec identity 0:0 cannot write it; the app's PUID:PGID 1000:1000 can/,
    );
  });

  it("writableFor needs search on every parent and write on the directory", () => {
    const perms = [
      { path: "/data", uid: 0, gid: 0, mode: 0o755 },
      { path: "/data/media", uid: 0, gid: 1000, mode: 0o750 },
      { path: "/data/media/tv", uid: 1000, gid: 1000, mode: 0o755 },
    ];
    expect(writableFor({ uid: 1000, gid: 1000 }, "/data/media/tv", perms, "/data")).toBe(true);
    expect(writableFor({ uid: 1001, gid: 1001 }, "/data/media/tv", perms, "/data")).toBe(false);
    expect(writableFor({ uid: 0, gid: 0 }, "/data/media/tv", perms, "/data")).toBe(false);
    expect(writableFor({ uid: 1000, gid: 1000 }, "/data/media/movies", perms, "/data")).toBeNull();
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
