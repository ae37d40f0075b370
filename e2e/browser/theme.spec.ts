import { expect, test } from "@playwright/test";
import { login } from "./support/auth";
import { Dashboard } from "./support/dashboard";

// Every page but login needs a session.
test.beforeEach(async ({ page }) => {
  await login(page);
});

test("follows prefers-color-scheme, and the toggle overrides it", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const d = new Dashboard(page);
  await d.gotoBudget();
  const html = page.locator("html");
  await expect(html).toHaveClass(/dark/);
  const toggle = page.getByTestId("theme-toggle");
  await expect(toggle).toHaveAttribute("data-theme-choice", "system");
  await toggle.click(); // system → light
  await expect(html).not.toHaveClass(/dark/);
  await page.reload();
  await expect(html).not.toHaveClass(/dark/);
  await page.getByTestId("theme-toggle").click(); // light → dark
  await expect(html).toHaveClass(/dark/);
});
