import { expect, test } from "@playwright/test";
import { stackBudget } from "@/lib/budget";
import { formatCpu, formatQuantity } from "@/lib/format";
import { stack } from "./support/cluster";
import { login } from "./support/auth";
import { Dashboard } from "./support/dashboard";

// Every page but login needs a session.
test.beforeEach(async ({ page }) => {
  await login(page);
});

test("shows each app's requests and limits and the totals from the manifests", async ({ page }) => {
  const d = new Dashboard(page);
  await d.gotoBudget();
  for (const app of stack.apps) {
    const row = d.budgetRow(app.name);
    await expect(row).toContainText(formatCpu(app.requests.cpuMillis));
    await expect(row).toContainText(formatCpu(app.limits.cpuMillis));
    await expect(row).toContainText(formatQuantity(app.limits.memoryBytes));
  }
  const total = stackBudget(stack.apps).total;
  const totalRow = page.getByTestId("budget-total");
  await expect(totalRow).toContainText(formatCpu(total.requests.cpuMillis));
  await expect(totalRow).toContainText(formatCpu(total.limits.cpuMillis));
  await expect(totalRow).toContainText(formatQuantity(total.requests.memoryBytes));
  await expect(totalRow).toContainText(formatQuantity(total.configBytes));
  await expect(page.getByTestId("fit-badge")).toHaveText("Fits the nodes");
  await expect(page.getByTestId("chart-cpu")).toBeVisible();
  await expect(page.getByTestId("chart-memory")).toBeVisible();
  // The local control plane has no metrics-server: the page says so plainly.
  await expect(page.getByTestId("usage-statement")).toContainText("does not serve metrics.k8s.io");
});
