// Benchmark without a cluster: the audit's parser and accumulator fed a synthetic output of N
// files (default 1 000 000) in 64 KiB chunks, generated as it goes so that only the dashboard's
// own memory is measured. Same mix and names as e2e/bench/hardlinks.ts. Prints the time, the
// peak RSS growth over the run (target ≤ 100 MiB at 1M files) and the peak heap.
//
//   node --expose-gc --experimental-transform-types --import ./e2e/bench/register.mjs e2e/bench/hardlinks-parse.ts [FILES]
import { auditRoots, RECORD_MARK } from "@/lib/hardlinks/command";
import { HardlinkAccumulator } from "@/lib/hardlinks/report";
import { FilePathStore } from "@/lib/hardlinks/path-file";
import { createAuditSink } from "@/lib/hardlinks/sink";

const total = Number(process.argv[2] ?? 1_000_000);

/** Yields the audit's stdout for the benchmark tree, chunk by chunk (torrents first, as find does). */
function* output(files: number): Generator<Buffer> {
  const pairs = Math.floor(files * 0.3);
  const copies = Math.floor(files * 0.1);
  const own = Math.floor(files * 0.1);
  const orphans = files - 2 * pairs - 2 * copies - own;
  const name = (i: number) =>
    `Some.Show.Name.S${String(i % 40).padStart(2, "0")}E${String(i % 99).padStart(2, "0")}.1080p.WEB-DL.x264-GROUP ${i}.mkv`;
  const dir = (side: string, kind: string, i: number) =>
    `/data/${side}/${kind}/Some Show Name (2019) Season ${Math.floor(i / 500)}`;
  const rec = (ino: number, nlink: number, size: number, path: string) =>
    `${RECORD_MARK}2049 ${ino} ${nlink} ${size} ${Math.ceil(size / 512)} 512 ${path}\n`;
  // Lines are written straight into 64 KiB Buffers (no string concatenation): the generator's
  // own garbage would otherwise survive collections and inflate the RSS measured for the parser.
  const CHUNK = 64 * 1024;
  let buf = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  let inBatch = 0;
  let ino = 1000;
  const put = function* (line: string): Generator<Buffer> {
    const n = Buffer.byteLength(line);
    if (used + n > CHUNK) {
      yield buf.subarray(0, used);
      buf = Buffer.allocUnsafe(CHUNK);
      used = 0;
    }
    used += buf.write(line, used);
  };
  const push = function* (line: string): Generator<Buffer> {
    yield* put(line);
    inBatch += 1;
    if (inBatch === 1000) {
      yield* put(`${RECORD_MARK}batch 1000 0\n`);
      inBatch = 0;
    }
  };
  yield* put(`${RECORD_MARK}pid 4242\n`);
  for (let i = 0; i < pairs; i++)
    yield* push(rec(1_000_000 + i, 2, 1000 + i, `${dir("torrents", "tv", i)}/${name(i)}`));
  for (let i = 0; i < copies; i++)
    yield* push(rec((ino += 1), 1, 400_000 + i, `${dir("torrents", "movies", i)}/${name(i)}`));
  for (let i = 0; i < orphans; i++)
    yield* push(rec((ino += 1), 1, 800_000 + i, `${dir("torrents", "orphans", i)}/${name(i)}`));
  for (let i = 0; i < pairs; i++)
    yield* push(rec(1_000_000 + i, 2, 1000 + i, `${dir("media", "tv", i)}/${name(i)}`));
  for (let i = 0; i < copies; i++)
    yield* push(rec((ino += 1), 1, 400_000 + i, `${dir("media", "movies", i)}/${name(i)}`));
  for (let i = 0; i < own; i++)
    yield* push(rec((ino += 1), 1, 600_000 + i, `${dir("media", "own", i)}/${name(i)}`));
  if (inBatch > 0) yield* put(`${RECORD_MARK}batch ${inBatch} 0\n`);
  yield* put(`${RECORD_MARK}end 0\n`);
  yield buf.subarray(0, used);
}

function main(): void {
  // Warm-up (JIT) on a small tree.
  run(20_000);
  global.gc?.();
  const r = run(total);
  console.log(
    `${total} files: parse + accumulate + finish ${r.ms.toFixed(0)} ms, ${r.mb.toFixed(0)} MB of output`,
  );
  console.log(
    `peak RSS growth: ${(r.growth / 2 ** 20).toFixed(1)} MiB (target ≤ 100); peak heap used ${(r.heap / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(
    `report: ${r.media} media, ${r.torrents} torrent inodes, ${r.linked} linked to a torrent, ${r.copies} copies, ${r.orphans} orphans; complete: ${r.complete}`,
  );
}

function run(files: number) {
  const before = process.memoryUsage().rss;
  let peak = before;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  // As the server runs it: torrent paths spilled to a temporary file.
  const paths = new FilePathStore();
  const acc = new HardlinkAccumulator(auditRoots("/data"), { paths });
  const sink = createAuditSink(acc);
  const started = performance.now();
  let bytes = 0;
  let n = 0;
  for (const chunk of output(files)) {
    bytes += chunk.length;
    sink.stdout(chunk);
    if (++n % 64 === 0) sample();
  }
  sink.end();
  sample();
  const atEnd = process.memoryUsage();
  const report = acc.finish();
  paths.dispose();
  sample();
  if (process.env.ARR_BENCH_VERBOSE)
    console.log(
      Object.entries(atEnd)
        .map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)} MiB`)
        .join(", "),
    );
  return {
    ms: performance.now() - started,
    mb: bytes / 1e6,
    growth: peak - before,
    heap,
    media: report.media.files,
    torrents: report.torrents.files,
    linked: report.media.linkedToTorrent.files,
    copies: report.media.copies.files,
    orphans: report.torrents.orphans.files,
    complete: report.completeness.complete,
  };
}

main();
