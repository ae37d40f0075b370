import { expect, test } from "@playwright/test";

test("the first page lists the cluster's nodes through the server", async ({ page }) => {
  await page.goto("/");
  const list = page.getByTestId("node-list");
  await expect(list.getByText(/^k8s-node-1 /)).toBeVisible();
  await expect(list.locator("li")).toHaveCount(Number(process.env.ARR_NODES ?? 3));
});
