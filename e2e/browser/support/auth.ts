// Sign-in helpers for browser tests. The test server runs in dev/test mode with the admin
// password in plain env (playwright.config.ts); production never accepts that (lib/auth/config.ts).
import { expect, type Page } from "@playwright/test";

export const ADMIN_PASSWORD = process.env.ARR_ADMIN_PASSWORD ?? "arr-e2e-admin-password";
export const SESSION_COOKIE = "__Host-arr-session";

/** Signs in through the login form and waits for the signed-in shell. */
export async function login(page: Page, password: string = ADMIN_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Admin password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Submits the login form and returns the error shown (for failure cases). */
export async function failLogin(page: Page, password: string): Promise<string> {
  const button = page.getByRole("button", { name: "Sign in" });
  // The previous attempt has settled (React resets the form when a form action finishes).
  await expect(button).toBeEnabled();
  await page.getByLabel("Admin password").fill(password);
  // Wait for this attempt's answer, not the previous attempt's message still on screen.
  const answered = page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login",
  );
  await button.click();
  await answered;
  await expect(button).toBeEnabled();
  const alert = page.getByTestId("login-error");
  await expect(alert).toBeVisible();
  return (await alert.innerText()).trim();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}
