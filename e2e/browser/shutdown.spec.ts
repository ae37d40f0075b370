import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADMIN_PASSWORD, login } from "./support/auth";

// Its own server (scripts/serve.sh, as the image runs it), since this test ends it.
const PORT = Number(process.env.ARR_E2E_SHUTDOWN_PORT ?? 3198);
const LOG = path.resolve(".local/e2e-shutdown-server.log");

test("SIGTERM ends the open event streams and the server exits on its own, before the kubelet would kill it", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const state = path.resolve(".local/e2e-shutdown-state");
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  rmSync(LOG, { force: true });
  const server = spawn("sh", ["-c", `exec sh scripts/serve.sh >"${LOG}" 2>&1`], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      ARR_DEV_MODE: "1",
      ARR_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ARR_STATE_DIR: state,
    },
  });
  const exited = new Promise<number | null>((r) => server.once("exit", (code) => r(code)));
  try {
    const base = `http://127.0.0.1:${PORT}`;
    await expect
      .poll(async () => (await fetch(`${base}/api/readyz`).catch(() => null))?.status, {
        timeout: 60_000,
      })
      .toBe(200);
    const page = await (await browser.newContext({ baseURL: base })).newPage();
    await login(page);
    // The overview holds a Server-Sent Events stream open; wait until it is streaming.
    const stream = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/events");
    await page.goto("/");
    expect((await stream).status()).toBe(200);

    const signalled = Date.now();
    server.kill("SIGTERM");
    // Next exits with 128 + 15 once every response has ended; the fallback in
    // lib/metrics/lifecycle.ts would exit 20 s later, saying "still open".
    expect(await exited).toBe(143);
    const log = readFileSync(LOG, "utf8");
    expect(log).not.toContain("still open");
    console.log(`exited ${((Date.now() - signalled) / 1000).toFixed(1)} s after SIGTERM`);
  } finally {
    server.kill("SIGKILL");
  }
});
