import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { login } from "./support/auth";

// Issue 17, item 2. The *arr UIs are sibling subdomains of the dashboard: same-site for cookies,
// so without anti-framing any of them could frame the signed-in dashboard (clickjacking).
// The sibling's page comes from a real loopback server on another origin (localhost; the
// dashboard is 127.0.0.1): a page Playwright fulfils itself has no address, counts as public, and
// Chromium's Local Network Access then blocks the frame before the dashboard's headers are read.
let sibling: Server | undefined;

function startSibling(dashboardURL: string): Promise<string> {
  sibling = createServer((req, res) => {
    res.setHeader("content-type", "text/html");
    res.end(
      req.url === "/control"
        ? "<p id=control>framed fine</p>"
        : `<iframe id=control src="/control"></iframe><iframe id=dash src="${dashboardURL}"></iframe>`,
    );
  });
  return new Promise((resolve) =>
    sibling!.listen(0, "127.0.0.1", () =>
      resolve(`http://localhost:${(sibling!.address() as AddressInfo).port}`),
    ),
  );
}

test.afterAll(async () => {
  await new Promise((r) => (sibling ? sibling.close(r) : r(undefined)));
});

test("the signed-in dashboard refuses to render in a frame on a sibling subdomain", async ({
  page,
  baseURL,
}) => {
  await login(page);
  const origin = await startSibling(`${baseURL}/`);
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/frame-ancestors|X-Frame-Options|refused to (display|frame)/i.test(m.text()))
      refused.push(m.text());
  });
  await page.goto(`${origin}/`);
  // The control frame renders: frames as such work in this page.
  await expect(page.frameLocator("#control").locator("#control")).toHaveText("framed fine");
  // The dashboard's frame shows nothing of the dashboard (Chromium puts its error page there).
  const dash = page.frameLocator("#dash");
  await expect.poll(() => refused.length, { timeout: 5000 }).toBeGreaterThan(0);
  await expect(dash.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(dash.getByText("arr-dashboard")).toHaveCount(0);
});

test("pages carry a nonce-based CSP and the other security headers, and run with no CSP violation", async ({
  page,
  request,
  baseURL,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const loginPage = await request.get(`${baseURL}/login`);
  const h = loginPage.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("no-referrer");
  expect(h["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
  // A fresh nonce per response, and Next's own inline scripts carry it.
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const again = (await request.get(`${baseURL}/login`)).headers()["content-security-policy"];
  expect(again).not.toContain(`'nonce-${nonce}'`);
  expect(await loginPage.text()).toContain(`nonce="${nonce}"`);
  // Static assets: no sniffing either.
  const asset = /\/_next\/static\/[^"]+\.js/.exec(await loginPage.text())?.[0];
  expect(asset).toBeDefined();
  expect((await request.get(`${baseURL}${asset}`)).headers()["x-content-type-options"]).toBe(
    "nosniff",
  );
  // The app works under the policy: sign-in (a client-side form action), live pages, theme.
  await login(page);
  for (const path of ["/", "/storage", "/budget", "/deploy", "/checks"]) {
    await page.goto(path);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  }
  expect(violations).toEqual([]);
});

test("/api/metrics and /api/readyz answer the cluster, not requests that came through a proxy", async ({
  request,
  baseURL,
}) => {
  for (const path of ["/api/metrics", "/api/readyz"]) {
    expect((await request.get(`${baseURL}${path}`)).status(), path).toBe(200);
    const proxied: Record<string, string>[] = [
      { "x-forwarded-for": "203.0.113.9" },
      { "x-forwarded-for": "203.0.113.9, 127.0.0.1" },
      { forwarded: "for=203.0.113.9" },
    ];
    for (const headers of proxied) {
      const r = await request.get(`${baseURL}${path}`, { headers });
      expect(r.status(), `${path} with ${JSON.stringify(headers)}`).toBe(404);
    }
  }
});
