import { expect, test } from "@playwright/test";
import { stopApiServer } from "@/e2e/support/apiserver";
import { login } from "./support/auth";
import { Dashboard } from "./support/dashboard";

// Every page but login needs a session.
test.beforeEach(async ({ page }) => {
  await login(page);
});

test("a banner with the data's age appears within 5 s of the API server stopping, and leaves on its own", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const d = new Dashboard(page);
  await d.gotoOverview();
  await expect(d.tile("api")).toContainText("Reachable");
  await expect(d.banner()).toHaveCount(0);

  const stopped = await stopApiServer();
  try {
    await expect(d.banner()).toBeVisible({ timeout: 5_000 });
    await expect(d.banner()).toContainText("Kubernetes API server unreachable");
    await expect(d.banner().getByTestId("api-banner-age")).toContainText(
      /Showing data from \d+ s ago/,
    );
    await expect(d.tile("api")).toContainText("Unreachable");
    // The last snapshot stays on screen.
    await expect(d.appCards().first()).toBeVisible();
  } finally {
    await stopped.start();
  }
  await expect(d.banner()).toHaveCount(0, { timeout: 15_000 });
  await expect(d.tile("api")).toContainText("Reachable");
});
