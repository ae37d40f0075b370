// Logs: (1) latency from a line written to a pod's log file to its row in a real Chromium page
// following that log (min, median, p95, max); (2) the dashboard's RSS and the page's frame
// latency while a writer puts BENCH_LOG_RATE lines/s (10 000) into the log for BENCH_LOG_SECONDS
// (30), with one page following it and, in the second run, one more client that stops reading
// (back-pressure: the server must drop, not buffer); (3) whether any of those lines reached the
// dashboard's own log.
//   BENCH_LINES (default 40, at least 20), BENCH_PORT (default 3305)
import { readFileSync } from "node:fs";
import http from "node:http";
import { test, type Page } from "@playwright/test";
import { appendLog, fastWriter, logFileOf, waitForLogFile } from "@/e2e/support/pod-logs";
import { percentile, rssBytes, sleep } from "./support/server";
import { openOverview, podOf, startBench } from "./support/setup";

const MiB = 1024 * 1024;

async function frameLag(page: Page): Promise<number> {
  const t = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  return Date.now() - t;
}

test("logs: line → browser latency, memory under a fast writer", async ({ browser }) => {
  const lines = Math.max(20, Number(process.env.BENCH_LINES ?? 40));
  const rate = Number(process.env.BENCH_LOG_RATE ?? 10_000);
  const seconds = Number(process.env.BENCH_LOG_SECONDS ?? 30);
  const bench = await startBench("logs", 3305);
  const { stack, dash, app } = bench;
  const serverLog = ".local/bench/logs-server.log";
  try {
    const pod = await podOf(bench);
    const file = logFileOf(stack.namespace, pod, app);
    await waitForLogFile(file);
    const page = await openOverview(browser, dash);
    await page.goto(`/apps/${app}`);
    await page.waitForSelector('[data-testid="log-viewer"][data-status="following"]', {
      timeout: 60_000,
    });

    // (1) Latency: the page notes (its clock = this machine's) when each marked row appears.
    const samples: number[] = [];
    for (let i = 0; i < lines; i++) {
      const marker = `bench-latency ${Date.now()} ${i}`;
      const seen = page.waitForFunction(
        (m) =>
          [...document.querySelectorAll('[data-testid="log-line"]')].some((e) =>
            e.textContent?.includes(m),
          )
            ? Date.now()
            : false,
        marker,
        { polling: "raf", timeout: 10_000 },
      );
      const t0 = Date.now();
      appendLog(file, [marker]);
      samples.push(((await (await seen).jsonValue()) as number) - t0);
      await sleep(250);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(
      `log line → browser (${lines} lines, one at a time): min ${sorted[0]} ms, median ${percentile(sorted, 50)} ms, ` +
        `p95 ${percentile(sorted, 95)} ms, max ${sorted[sorted.length - 1]} ms`,
    );

    // (2) Memory under a fast writer: first with the page only, then with a stalled client too.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    for (const stalled of [false, true]) {
      let req: http.ClientRequest | undefined;
      if (stalled) {
        // Reads the response headers, then nothing: its socket fills and stays full.
        req = http.get(`${dash.url}/api/apps/${app}/logs?tail=0`, { headers: { cookie } });
        req.on("response", (res) => res.pause());
        req.on("error", () => undefined);
        await sleep(1000);
      }
      await sleep(2000);
      const before = rssBytes(dash.pid);
      const rss: number[] = [];
      const lags: number[] = [];
      const prefix = `bench-fast-${stalled ? "stalled" : "page"}-${Date.now()}`;
      const writing = fastWriter(file, { linesPerSecond: rate, seconds, prefix });
      const start = Date.now();
      while (Date.now() - start < seconds * 1000) {
        lags.push(await frameLag(page));
        rss.push(rssBytes(dash.pid));
        await sleep(500);
      }
      const written = await writing;
      await sleep(2000);
      const after = rssBytes(dash.pid);
      const peak = Math.max(after, ...rss);
      const counts = await page.getByTestId("log-counts").innerText();
      const inServerLog = readFileSync(serverLog, "utf8").split(prefix).length - 1;
      lags.sort((a, b) => a - b);
      console.log(
        `fast writer, ${stalled ? "page + a client that stopped reading" : "page only"}: ${written} lines in ${seconds} s; ` +
          `server RSS ${(before / MiB).toFixed(1)} → peak ${(peak / MiB).toFixed(1)} MiB (growth ${((peak - before) / MiB).toFixed(1)} MiB, target < 30), ` +
          `${(after / MiB).toFixed(1)} MiB 2 s after; page frame latency median ${percentile(lags, 50)} ms, p95 ${percentile(lags, 95)} ms, max ${lags[lags.length - 1]} ms; ` +
          `page: "${counts}"; lines found in the dashboard's own log: ${inServerLog}`,
      );
      req?.destroy();
    }
  } finally {
    await dash.stop();
  }
});
