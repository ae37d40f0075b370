// Login, the session cookie, logout and throttling, in Chromium against the production build.
import { expect, test } from "@playwright/test";
import { ADMIN_PASSWORD, failLogin, login, logout, SESSION_COOKIE } from "./support/auth";

test("signed-out visitors are sent to the login page and the API refuses them", async ({
  page,
  request,
  baseURL,
}) => {
  for (const path of ["/", "/deploy", "/storage", "/apps/sonarr"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("heading", { name: "Sign in to arr-dashboard" })).toBeVisible();
  }
  // The login page itself carries no cluster data.
  const html = await (await request.get(`${baseURL}/login`)).text();
  expect(html).not.toContain("arr-data-nfs");
  expect(html).not.toContain("k8s-node-1");
  expect((await request.get(`${baseURL}/api/view`)).status()).toBe(401);
});

test("login sets a __Host- Secure HttpOnly SameSite=Strict cookie that Chromium keeps on http://127.0.0.1", async ({
  page,
  context,
}) => {
  await login(page);
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: "Strict", path: "/" });
  expect(cookie?.domain).not.toMatch(/^\./); // host-only, as __Host- requires
  // The browser sends it back: a protected page renders.
  await page.goto("/deploy");
  await expect(page.getByRole("heading", { name: "Deploy", exact: true })).toBeVisible();
});

test("logout ends the session, and a copied cookie stops working too", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  await login(page);
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
  await logout(page);
  const other = await browser.newContext();
  await other.addCookies([{ ...cookie }]);
  const r = await other.request.get(`${baseURL}/api/view`);
  expect(r.status()).toBe(401);
  await other.close();
});

test("failed logins are throttled per client; another client is not locked out", async ({
  browser,
}) => {
  // A client address of its own (the server keys throttling on the right-most X-Forwarded-For).
  const addr = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
  const ctx = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": addr } });
  const page = await ctx.newPage();
  await page.goto("/login");
  for (let i = 0; i < 5; i++) expect(await failLogin(page, `wrong-${i}`)).toBe("Wrong password.");
  expect(await failLogin(page, "wrong-again")).toMatch(
    /^Too many failed sign-ins from your address\. Try again in \d+ s\.$/,
  );
  // Even the right password waits out the lock.
  expect(await failLogin(page, ADMIN_PASSWORD)).toMatch(/^Too many failed sign-ins/);
  await ctx.close();
  const ok = await browser.newContext({
    extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${1 + Math.floor(Math.random() * 250)}` },
  });
  await login(await ok.newPage());
  await ok.close();
});
