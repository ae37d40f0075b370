// Proves the audit's and the NFS probe's exact argv on both userlands the stack's images ship:
// BusyBox (LinuxServer images, Alpine) from Debian's `busybox` package, and GNU (Jellyfin's
// Debian image) from this host. Each runs in a private mount namespace where /data is a
// generated tree, as an unprivileged user so that chmod-000 directories are really unreadable.
import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRoots, hardlinkAuditCommand } from "@/lib/hardlinks/command";
import { HardlinkAccumulator, type HardlinkReport } from "@/lib/hardlinks/report";
import { createAuditSink } from "@/lib/hardlinks/sink";
import { killCommand } from "@/lib/hardlinks/command";
import {
  judgeNfsProbe,
  nfsProbeCommand,
  parseNfsProbe,
  PROBE_FILE_PREFIX,
  type Identity,
} from "@/lib/nfs/probe";
import { APP_GID, APP_UID, buildTree, type TreeExpectation } from "./support/nfs-tree";

const BUSYBOX = "/usr/bin/busybox";
const NOBODY = "65534";

let base: string;
let tree: string;
let applets: string;
let expected: TreeExpectation;
let f23: string;

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** field-failures.md F2's and F3's reference trees, in one. */
function buildF23(root: string): void {
  const sh = (script: string) => execFileSync("bash", ["-ec", script], { cwd: root });
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755);
  sh(`
    mkdir -p torrents/tv/Show.S01 torrents/cross-seed/B/Show.S01 "media/tv/Show/Season 01" media/movies/Film.2020 media/.recycle
    mkdir -p torrents/incomplete/Movie.2024 torrents/movies/Pack.S01
    head -c 8388608 /dev/urandom > torrents/tv/Show.S01/E01.mkv
    head -c 16777216 /dev/urandom > torrents/tv/Show.S01/E02.mkv
    ln torrents/tv/Show.S01/E01.mkv torrents/cross-seed/B/Show.S01/
    ln torrents/tv/Show.S01/E02.mkv torrents/cross-seed/B/Show.S01/
    ln torrents/tv/Show.S01/E02.mkv "media/tv/Show/Season 01/Show - S01E02.mkv"
    head -c 4194304 /dev/urandom > media/movies/Film.2020/Film.2020.mkv
    ln media/movies/Film.2020/Film.2020.mkv media/.recycle/Film.2020.mkv
    truncate -s 40G 'torrents/incomplete/Movie.2024/Movie.2024.mkv.!qB'
    truncate -s 12G torrents/movies/Pack.S01/E07.mkv
    head -c 4194304 /dev/urandom | dd of=torrents/movies/Pack.S01/E07.mkv conv=notrunc status=none
  `);
}

/** Runs argv with /data = tree, as `user`, with PATH = `path`; streams stdout and stderr to the handlers. */
function runInData(
  argv: string[],
  path: string,
  user: "root" | "nobody" | number,
  onOut: (b: Buffer) => void,
  onErr: (b: Buffer) => void,
  options: { root?: string; separateMediaMount?: boolean } = {},
): Promise<number> {
  const uid = user === "nobody" ? NOBODY : user === "root" ? null : String(user);
  const drop = uid ? ["setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups"] : [];
  // F1's trap: media/ bind-mounted again below /data (as a subPath mount does): one device
  // number, two mounts, and link() across them fails with EXDEV.
  const script = options.separateMediaMount
    ? 'mount --bind "$0" /data && mount --bind "$0/media" /data/media && exec "$@"'
    : 'mount --bind "$0" /data && exec "$@"';
  const child = spawn("unshare", [
    "--mount",
    "--propagation",
    "private",
    "--",
    "sh",
    "-c",
    script,
    options.root ?? tree,
    ...drop,
    "/usr/bin/env",
    "-i",
    `PATH=${path}`,
    "LC_ALL=C",
    ...argv,
  ]);
  child.stdout.on("data", onOut);
  child.stderr.on("data", onErr);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? -1));
  });
}

async function audit(
  path: string,
  user: "root" | "nobody",
  root?: string,
): Promise<{ report: HardlinkReport; code: number }> {
  const acc = new HardlinkAccumulator(auditRoots("/data"));
  const sink = createAuditSink(acc);
  const code = await runInData(
    hardlinkAuditCommand("/data"),
    path,
    user,
    (b) => sink.stdout(b),
    (b) => sink.stderr(b),
    { root },
  );
  sink.end();
  return { report: acc.finish(), code };
}

async function probe(
  path: string,
  user: "root" | "nobody" | number,
  writable: string[],
  options: { separateMediaMount?: boolean; app?: Identity } = {},
) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  await runInData(
    nfsProbeCommand("/data", writable),
    path,
    user,
    (b) => out.push(b),
    (b) => err.push(b),
    options,
  );
  return judgeNfsProbe(
    "/data",
    parseNfsProbe("/data", Buffer.concat(out).toString(), Buffer.concat(err).toString()),
    writable,
    options.app,
  );
}

beforeAll(() => {
  if (!existsSync(BUSYBOX))
    throw new Error("Debian's busybox package is required: apt-get install -y busybox");
  mkdirSync("/data", { recursive: true });
  base = mkdtempSync(join(tmpdir(), "arr-bb-"));
  chmodSync(base, 0o755);
  applets = join(base, "bin");
  mkdirSync(applets);
  // Alpine's layout: every applet is a link to the one binary, found through PATH.
  execFileSync(BUSYBOX, ["--install", "-s", applets]);
  tree = join(base, "nfs");
  f23 = join(base, "f23");
  buildF23(f23);
  expected = buildTree(tree, {
    linked: 7,
    copies: 4,
    standalone: 3,
    orphans: 5,
    lockedDirs: 2,
    tooLong: 1,
    oddNames: true,
  });
});

afterAll(() => {
  if (tree) execFileSync("chmod", ["-R", "u+rwx", tree]);
  if (base) rmSync(base, { recursive: true, force: true });
});

describe.each([
  ["BusyBox", () => applets],
  ["GNU", () => "/usr/bin:/bin"],
])("%s userland", (_name, path) => {
  it("uses its own find and stat", () => {
    const found = execFileSync(
      "/bin/sh",
      ["-c", "command -v find; command -v stat; command -v sh"],
      { env: { ...process.env, PATH: path() } },
    )
      .toString()
      .trim()
      .split("\n");
    expect(found).toHaveLength(3);
    for (const f of found) expect(realpathSync(f) === BUSYBOX).toBe(_name === "BusyBox");
  });

  it("audit: exact counts and bytes for linked, copied, standalone, orphan and unreadable files", async () => {
    const { report: r, code } = await audit(path(), "nobody");
    // find reports the unreadable entries and exits 1 (in the trailer; the script itself exits 0):
    // still a complete audit.
    expect(code).toBe(0);
    expect({ files: r.media.files, bytes: r.media.bytes }).toEqual(expected.media);
    expect(r.media.linked).toMatchObject(expected.linked);
    expect(r.media.linkedToTorrent).toMatchObject(expected.linked);
    expect(r.media.copies).toMatchObject(expected.copies);
    expect(r.media.standalone).toMatchObject(expected.standalone);
    // F12: pid first, every stat batch accounted for, trailer last.
    expect(r.completeness).toMatchObject({ complete: true, exitStatus: 1 });
    expect(r.completeness.pid).toBeGreaterThan(1);
    expect(r.completeness.declared).toBeGreaterThan(0);
    expect({ files: r.torrents.files, bytes: r.torrents.bytes }).toEqual(expected.torrents);
    expect(r.torrents.orphans).toMatchObject(expected.orphans);
    expect(r.bytesWasted).toBe(expected.copies.bytes);
    expect(r.cannotCheck.count).toBe(expected.cannotCheck);
    expect(r.cannotCheck.entries.every((e) => e.side === "media")).toBe(true);
    expect(
      r.cannotCheck.entries
        .filter((e) => /Permission denied/.test(e.reason))
        .map((e) => e.path)
        .sort(),
    ).toEqual(["/data/media/movies/locked-0", "/data/media/movies/locked-1"]);
    expect(r.devices.same).toBe(true);
    // A name with a newline, a quote and spaces survives intact.
    expect(r.largestCopies.map((f) => f.path)).toContain(
      `/data/media/tv/copy 1 it's "odd"\nline.mkv`,
    );
  });

  it("NFS probe: mounted, same device, space, latency, and writes that leave nothing behind", async () => {
    const writable = ["/data/torrents", "/data/media/movies"];
    const asRoot = await probe(path(), "root", writable);
    expect(asRoot.findings.map((f) => `${f.name}:${f.verdict}`)).toEqual([
      "mounted:pass",
      "same-device:pass",
      "same-mount:pass",
      "link-test:pass",
      expect.stringMatching(/^space:/),
      "latency:pass",
      "writable:pass",
      "writable:pass",
    ]);
    expect(asRoot.probe.complete).toBe(true);
    expect(asRoot.probe.execIdentity).toEqual({ uid: 0, gid: 0 });
    expect(asRoot.probe.space?.totalBytes).toBeGreaterThan(0);
    expect(asRoot.probe.metadataLatencyMs).not.toBeNull();
    const asNobody = await probe(path(), "nobody", writable);
    expect(asNobody.findings.filter((f) => f.name === "writable").map((f) => f.verdict)).toEqual([
      "fail",
      "fail",
    ]);
    for (const d of ["torrents", "media/movies"])
      expect(readdirSync(join(tree, d)).filter((n) => n.startsWith(PROBE_FILE_PREFIX))).toEqual([]);
  });

  // F1: same device number, separate mounts: only the real link test catches it.
  it("NFS probe: a second mount of media/ on the same device fails the same-mount check and the link test with EXDEV", async () => {
    const h = await probe(path(), "root", [], { separateMediaMount: true });
    const by = Object.fromEntries(h.findings.map((f) => [f.name, f]));
    expect(by["same-device"]?.verdict).toBe("pass");
    expect(by["same-mount"]?.verdict).toBe("fail");
    expect(by["same-mount"]?.detail).toMatch(/extra mount \/data\/media/);
    expect(by["link-test"]?.verdict).toBe("fail");
    expect(by["link-test"]?.detail).toMatch(/cross-device link \(EXDEV\)/i);
    for (const d of ["torrents", "media"])
      expect(readdirSync(join(tree, d)).filter((n) => n.startsWith(PROBE_FILE_PREFIX))).toEqual([]);
  });

  // F5: writability for the app's PUID/PGID, not for whoever runs the exec; the owner/mode
  // judgement is checked against a real write as that unprivileged uid.
  it("NFS probe: judges writability for the app's identity, shown beside the exec identity", async () => {
    const writable = ["/data/torrents", "/data/media/movies"];
    const app = { uid: APP_UID, gid: APP_GID };
    const asNobody = await probe(path(), "nobody", writable, { app });
    const w = asNobody.findings.filter((f) => f.name === "writable");
    expect(w.map((f) => f.verdict)).toEqual(["pass", "pass"]);
    expect(w[0]?.detail).toMatch(
      /writable for the app's PUID:PGID 1000:1000 .*exec identity 65534:65534 cannot write it/,
    );
    const other = await probe(path(), "root", writable, { app: { uid: 1001, gid: 1001 } });
    const w2 = other.findings.filter((f) => f.name === "writable");
    expect(w2.map((f) => f.verdict)).toEqual(["fail", "fail"]);
    expect(w2[0]?.detail).toMatch(
      /exec identity 0:0 can write it; the app's PUID:PGID 1001:1001 cannot/,
    );
    // The real operation as each uid agrees with the judgement from owner and mode.
    for (const uid of [APP_UID, 1001]) {
      const real = await probe(path(), uid, writable);
      expect(real.probe.execIdentity?.uid).toBe(uid);
      expect(real.probe.writes.map((x) => x.ok)).toEqual(writable.map(() => uid === APP_UID));
    }
  });

  // F6: the second, fixed exec ends the pid a check printed and confirms it is gone.
  it("killCommand ends a running process and confirms it is gone", async () => {
    const victim = spawn("sleep", ["300"], { stdio: "ignore" });
    const pid = victim.pid;
    if (!pid) throw new Error("no pid");
    const exited = new Promise((r) => victim.on("exit", r));
    const out = execFileSync(killCommand(pid)[0] as string, killCommand(pid).slice(1), {
      env: { ...process.env, PATH: path() },
    }).toString();
    await exited;
    expect(out.trim()).toBe("gone");
    expect(
      execFileSync(killCommand(pid)[0] as string, killCommand(pid).slice(1), {
        env: { ...process.env, PATH: path() },
      })
        .toString()
        .trim(),
    ).toBe("gone");
  });

  // F2 and F3 on real files: cross-seed, a recycle bin, .!qB and sparse downloads.
  it("audit: per-inode torrents, link kinds, and unfinished files with allocated sizes (stat %b %B)", async () => {
    const { report: r } = await audit(path(), "root", f23);
    expect(r.completeness.complete).toBe(true);
    expect(r.torrents).toMatchObject({ files: 4, paths: 6 });
    expect(r.torrents.orphans).toMatchObject({ files: 1, bytes: 8 * MiB });
    expect(r.torrents.crossSeedOnly.files).toBe(1);
    expect(r.media.linkedToTorrent).toMatchObject({ files: 1, bytes: 16 * MiB });
    expect(r.media.linkedNotToTorrent).toMatchObject({ files: 2, bytes: 8 * MiB });
    expect(r.torrents.unfinished.files).toBe(2);
    expect(r.torrents.unfinished.bytes).toBe(52 * GiB);
    // 4 MiB really written into the 12 GiB file; the .!qB file holds nothing.
    expect(r.torrents.unfinished.allocatedBytes).toBeGreaterThanOrEqual(4 * MiB);
    expect(r.torrents.unfinished.allocatedBytes).toBeLessThan(5 * MiB);
    expect(r.largestUnfinished.map((f) => f.why)).toEqual(["qbittorrent-temp-name", "sparse"]);
    expect(r.media.copies.files).toBe(0);
  });
});
