import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startDashboard, type Dashboard } from "@/e2e/bench/support/server";
import { kubeconfigOrUnreachable } from "@/e2e/support/body-flood";
import { failLogin, login, logout, SESSION_COOKIE } from "./support/auth";

// Issue 17, item 7: revoked sessions and login throttle counters live in the state directory and
// survive a restart; with no trusted proxy, X-Forwarded-For cannot choose the throttle bucket.
// Its own server (scripts/serve.sh), restarted on the same state directory.
const PORT = Number(
  process.env.ARR_E2E_RESTART_PORT ?? Number(process.env.ARR_E2E_PORT ?? 3100) + 1001,
);
const STATE = path.resolve(".local/e2e-restart-state");

async function start(): Promise<Dashboard> {
  return startDashboard({
    port: PORT,
    kubeconfig: kubeconfigOrUnreachable(path.resolve(".local/e2e-unreachable.kubeconfig")),
    log: path.resolve(".local/e2e-restart-server.log"),
    stateDir: STATE,
    waitForSync: false,
    // Nothing in front of the server: X-Forwarded-For is the client's own word.
    env: { ARR_TRUSTED_PROXY_HOPS: "0" },
  });
}

test("a logged-out session stays dead and the login throttle stays shut across a restart", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  rmSync(STATE, { recursive: true, force: true });
  mkdirSync(STATE, { recursive: true });
  let dash = await start();
  try {
    const context = await browser.newContext({ baseURL: dash.url });
    const page = await context.newPage();
    await login(page);
    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    await logout(page);

    // Failed sign-ins, each claiming another address: with no trusted proxy they all count
    // against this one client until it is locked out.
    const attacker = await browser.newContext({ baseURL: dash.url });
    const form = await attacker.newPage();
    let n = 0;
    await form.route("**/login", (route) =>
      route.continue({
        headers: { ...route.request().headers(), "x-forwarded-for": `198.51.100.${++n}` },
      }),
    );
    await form.goto("/login");
    let message = "";
    for (let i = 0; i < 8 && !/Too many failed sign-ins/.test(message); i++)
      message = await failLogin(form, `wrong-${i}`);
    expect(message).toMatch(/Too many failed sign-ins from your address/);

    await dash.stop();
    dash = await start();

    const other = await browser.newContext({ baseURL: dash.url });
    await other.addCookies([{ ...cookie }]);
    expect((await other.request.get(`${dash.url}/api/view`)).status()).toBe(401);
    const again = await (await browser.newContext({ baseURL: dash.url })).newPage();
    await again.goto("/login");
    expect(await failLogin(again, "wrong-after-restart")).toMatch(/Too many failed sign-ins/);
    await context.close();
    await attacker.close();
    await other.close();
  } finally {
    await dash.stop();
  }
});
