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
import { judgeNfsProbe, nfsProbeCommand, parseNfsProbe, PROBE_FILE_PREFIX } from "@/lib/nfs/probe";
import { buildTree, type TreeExpectation } from "./support/nfs-tree";

const BUSYBOX = "/usr/bin/busybox";
const NOBODY = "65534";

let base: string;
let tree: string;
let applets: string;
let expected: TreeExpectation;

/** Runs argv with /data = tree, as `user`, with PATH = `path`; streams stdout and stderr to the handlers. */
function runInData(
  argv: string[],
  path: string,
  user: "root" | "nobody",
  onOut: (b: Buffer) => void,
  onErr: (b: Buffer) => void,
): Promise<number> {
  const drop =
    user === "nobody"
      ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups"]
      : [];
  const script = 'mount --bind "$0" /data && exec "$@"';
  const child = spawn("unshare", [
    "--mount",
    "--propagation",
    "private",
    "--",
    "sh",
    "-c",
    script,
    tree,
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
): Promise<{ report: HardlinkReport; code: number }> {
  const acc = new HardlinkAccumulator(auditRoots("/data"));
  const sink = createAuditSink(acc);
  const code = await runInData(
    hardlinkAuditCommand("/data"),
    path,
    user,
    (b) => sink.stdout(b),
    (b) => sink.stderr(b),
  );
  sink.end();
  return { report: acc.finish(), code };
}

async function probe(path: string, user: "root" | "nobody", writable: string[]) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  await runInData(
    nfsProbeCommand("/data", writable),
    path,
    user,
    (b) => out.push(b),
    (b) => err.push(b),
  );
  return judgeNfsProbe(
    "/data",
    parseNfsProbe("/data", Buffer.concat(out).toString(), Buffer.concat(err).toString()),
    writable,
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
    expect(code).toBe(1); // find reports the unreadable entries and exits 1: still a complete audit
    expect({ files: r.media.files, bytes: r.media.bytes }).toEqual(expected.media);
    expect(r.media.linked).toEqual(expected.linked);
    expect(r.media.linkedToTorrent).toEqual(expected.linked);
    expect(r.media.copies).toEqual(expected.copies);
    expect(r.media.standalone).toEqual(expected.standalone);
    expect({ files: r.torrents.files, bytes: r.torrents.bytes }).toEqual(expected.torrents);
    expect(r.torrents.orphans).toEqual(expected.orphans);
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
      expect.stringMatching(/^space:/),
      "latency:pass",
      "writable:pass",
      "writable:pass",
    ]);
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
});
