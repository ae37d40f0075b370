// Benchmark: the hardlink audit of a generated tree (100 000 files by default; 1 000 000 for a
// large library), through the API server's pod exec (WebSocket) and the dashboard's streaming
// parser, against the bare command on the same tree in the same mount namespace. Prints wall
// times, their ratio (target ≤ 1.3), the time spent parsing, and this process's peak RSS growth
// during the audit (target ≤ 100 MiB) and peak heap.
//
//   eval "$(npm run -s cluster:up)"   # the stack must be deployed (the integration tests do it)
//   npm run bench:hardlinks -- [FILES]          # ARR_BENCH_RUNS=N for the number of runs (default 3)
import { execFileSync, spawn } from "node:child_process";
import { closeSync, linkSync, mkdirSync, openSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { hardlinkAuditCommand, auditRoots } from "@/lib/hardlinks/command";
import { HardlinkAccumulator } from "@/lib/hardlinks/report";
import { createAuditSink } from "@/lib/hardlinks/sink";
import { runHardlinkAudit } from "@/lib/hardlinks/server";
import { getStack } from "@/lib/stack/server";
import { CoreV1Api } from "@kubernetes/client-node";
import { kubeConfig } from "@/lib/k8s/client";

const total = Number(process.argv[2] ?? 100_000);
const nfsRoot = process.env.ARR_NFS_ROOT;
const kwokPid = process.env.ARR_KWOK_PID;
if (!nfsRoot || !kwokPid || !process.env.KUBECONFIG)
  throw new Error(
    'run `eval "$(npm run -s cluster:up)"` first (KUBECONFIG, ARR_NFS_ROOT, ARR_KWOK_PID)',
  );

function buildTree(root: string, files: number): { media: number; torrents: number } {
  execFileSync("sh", ["-c", 'find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf {} +', "clear", root]);
  // 60 % hardlinked pairs, 20 % copy pairs, 10 % library-only, 10 % torrents never imported.
  // Sizes stay below 1 MiB (the files are sparse: no disk used); a torrent file with more than
  // 1 MiB unallocated is reported as an unfinished download, which these are not.
  const pairs = Math.floor((files * 0.3) / 1);
  const copies = Math.floor(files * 0.1);
  const own = Math.floor(files * 0.1);
  const orphans = files - 2 * pairs - 2 * copies - own;
  const perDir = 500;
  const dir = (side: string, kind: string, i: number) => {
    const d = join(root, side, kind, `Some Show Name (2019) Season ${Math.floor(i / perDir)}`);
    if (i % perDir === 0) mkdirSync(d, { recursive: true });
    return d;
  };
  const make = (p: string, size: number) => {
    closeSync(openSync(p, "w"));
    if (size) truncateSync(p, size);
  };
  const name = (i: number) =>
    `Some.Show.Name.S${String(i % 40).padStart(2, "0")}E${String(i % 99).padStart(2, "0")}.1080p.WEB-DL.x264-GROUP ${i}.mkv`;
  for (let i = 0; i < pairs; i++) {
    const t = join(dir("torrents", "tv", i), name(i));
    make(t, 1000 + i); // < 400 000 up to 1.3M files
    linkSync(t, join(dir("media", "tv", i), name(i)));
  }
  for (let i = 0; i < copies; i++) {
    make(join(dir("torrents", "movies", i), name(i)), 400_000 + i);
    make(join(dir("media", "movies", i), name(i)), 400_000 + i);
  }
  for (let i = 0; i < own; i++) make(join(dir("media", "own", i), name(i)), 600_000 + i);
  for (let i = 0; i < orphans; i++) make(join(dir("torrents", "orphans", i), name(i)), 800_000 + i);
  return { media: pairs + copies + own, torrents: pairs + copies + orphans };
}

/** The bare command in the KWOK controller's mount namespace (where exec runs), output counted and dropped. */
function bare(): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const child = spawn(
    "nsenter",
    ["-t", kwokPid!, "-m", "--", "env", "LC_ALL=C", ...hardlinkAuditCommand("/data")],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  let bytes = 0;
  child.stdout.on("data", (b: Buffer) => (bytes += b.length));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", () => resolve({ ms: performance.now() - started, bytes }));
  });
}

/** Pure parse of a captured output (no I/O): what the parser alone costs. */
function parseOnly(output: Buffer): { wallMs: number; cpuMs: number } {
  const acc = new HardlinkAccumulator(auditRoots("/data"));
  const sink = createAuditSink(acc);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < output.length; i += 64 * 1024) sink.stdout(output.subarray(i, i + 64 * 1024));
  sink.end();
  acc.finish();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

async function main(): Promise<void> {
  const stack = getStack();
  const pods = await kubeConfig().makeApiClient(CoreV1Api).listNamespacedPod({
    namespace: stack.namespace,
    labelSelector: "app.kubernetes.io/name=radarr",
  });
  const pod = pods.items.find((p) =>
    p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
  );
  if (!pod?.metadata?.name)
    throw new Error("no Ready radarr pod: deploy the stack first (npm run test:integration does)");
  const target = {
    namespace: stack.namespace,
    pod: pod.metadata.name,
    container: pod.spec?.containers[0]?.name ?? "radarr",
  };

  let t = performance.now();
  const counts = buildTree(nfsRoot!, total);
  console.log(
    `tree: ${counts.media + counts.torrents} files (${counts.media} media, ${counts.torrents} torrents) built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const captured: Buffer[] = [];
  await new Promise<void>((resolve) => {
    const c = spawn(
      "nsenter",
      ["-t", kwokPid!, "-m", "--", "env", "LC_ALL=C", ...hardlinkAuditCommand("/data")],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    c.stdout.on("data", (b: Buffer) => captured.push(b));
    c.on("close", () => resolve());
  }); // warm the page cache and capture one output for the parse-only figure

  const runs = Number(process.env.ARR_BENCH_RUNS) || 3;
  const bareMs: number[] = [];
  const auditMs: number[] = [];
  const auditCpuMs: number[] = [];
  let peakRss = 0;
  let peakHeap = 0;
  let peakGrowth = 0;
  const baseRss = process.memoryUsage().rss;
  let report = null;
  for (let i = 0; i < runs; i++) {
    const b = await bare();
    bareMs.push(b.ms);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let runPeak = before;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      runPeak = Math.max(runPeak, m.rss);
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    t = performance.now();
    const cpu = process.cpuUsage();
    const run = await runHardlinkAudit(target, stack.dataVolume.mountPath, { timeoutMs: 600_000 });
    auditMs.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    auditCpuMs.push((used.user + used.system) / 1000);
    clearInterval(sampler);
    runPeak = Math.max(runPeak, process.memoryUsage().rss);
    peakGrowth = Math.max(peakGrowth, runPeak - before);
    if (!run.outcome.complete || !run.report)
      throw new Error(`audit did not complete: ${JSON.stringify(run.outcome)}`);
    report = run.report;
    console.log(
      `run ${i + 1}: bare ${b.ms.toFixed(0)} ms (${(b.bytes / 1e6).toFixed(1)} MB), audit through exec ${auditMs[i]!.toFixed(0)} ms (${(run.stdoutBytes / 1e6).toFixed(1)} MB)`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const output = Buffer.concat(captured);
  parseOnly(output); // warm-up (JIT)
  const parse = parseOnly(output);
  const r = report!;
  if (r.media.files !== counts.media || r.torrents.files !== counts.torrents)
    throw new Error(
      `counts differ: report ${r.media.files}/${r.torrents.files}, tree ${counts.media}/${counts.torrents}`,
    );
  console.log(
    `report: ${r.media.linked.files} linked, ${r.media.copies.files} copies (${(r.bytesWasted / 1e9).toFixed(2)} GB wasted), ${r.media.standalone.files} standalone, ${r.torrents.orphans.files} orphans, ${r.cannotCheck.count} could not check`,
  );
  console.log(`bare command (median of ${runs}):        ${median(bareMs).toFixed(0)} ms`);
  console.log(`audit through API server + exec:         ${median(auditMs).toFixed(0)} ms`);
  console.log(
    `ratio audit / bare:                      ${(median(auditMs) / median(bareMs)).toFixed(2)} (target ≤ 1.3)`,
  );
  console.log(
    `auditing process CPU during the audit:   ${median(auditCpuMs).toFixed(0)} ms (WebSocket frames + parse)`,
  );
  console.log(
    `parse alone (captured output, warm):     ${parse.wallMs.toFixed(0)} ms wall, ${parse.cpuMs.toFixed(0)} ms CPU`,
  );
  console.log(
    `machine load average at the end:         ${(await import("node:os"))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} on ${(await import("node:os")).cpus().length} cores`,
  );
  console.log(
    `auditing process RSS: base ${(baseRss / 2 ** 20).toFixed(0)} MiB, peak ${(peakRss / 2 ** 20).toFixed(0)} MiB; peak heap used ${(peakHeap / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(
    `peak RSS growth during an audit:         ${(peakGrowth / 2 ** 20).toFixed(1)} MiB (target ≤ 100)`,
  );
  execFileSync("sh", [
    "-c",
    'find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf {} +',
    "clear",
    nfsRoot!,
  ]);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
