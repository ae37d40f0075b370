import { expect, test } from "@playwright/test";
import { formatCpu, formatQuantity } from "@/lib/format";
import { crashLoopPod, freshStack, kc, podOf, stack } from "./support/cluster";
import { login } from "./support/auth";
import { Dashboard } from "./support/dashboard";

// Every page but login needs a session.
test.beforeEach(async ({ page }) => {
  await login(page);
});

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await freshStack();
});

test("shows pods, containers, claims, requests and limits, events and the route", async ({
  page,
}) => {
  const app = stack.apps.find((a) => a.mountsData) ?? stack.apps[0]!;
  const d = new Dashboard(page);
  await d.gotoApp(app.name);
  await expect(d.detailHealth()).toHaveText("Healthy");
  await expect(page.getByRole("heading", { name: app.displayName, level: 1 })).toBeVisible();
  await expect(d.pods()).toHaveCount(1);
  await expect(d.pods().first().getByTestId("container-state").first()).toHaveText("Running");
  await expect(d.claim(app.configClaim.name)).toContainText(app.configClaim.storageClassName);
  await expect(d.claim(app.configClaim.name)).toContainText("Healthy");
  await expect(d.claim(stack.dataVolume.pvcName)).toContainText("Healthy");
  const limits = page.getByRole("row", { name: /CPU limit/ });
  await expect(limits).toContainText(formatCpu(app.limits.cpuMillis));
  await expect(page.getByRole("row", { name: /Memory request/ })).toContainText(
    formatQuantity(app.requests.memoryBytes),
  );
  // The live Deployment equals the manifests: nothing is flagged, even where the API server
  // spells a quantity differently ("1" for "1000m").
  await expect(page.getByTitle("differs from the manifests")).toHaveCount(0);
  await expect(d.events().first()).toBeVisible();
  await expect(d.events().filter({ hasText: "Scheduled" }).first()).toBeVisible();
  await expect(page.getByTestId("route-status")).toHaveText("Accepted");
});

test("shows the waiting reason, restarts and last termination of a crash-looping container", async ({
  page,
}) => {
  const app = stack.apps[1]!;
  const d = new Dashboard(page);
  await d.gotoApp(app.name);
  await crashLoopPod(kc, stack.namespace, await podOf(app.name), 3);
  await expect(d.detailHealth()).toHaveText("Degraded", { timeout: 5_000 });
  await expect(page.getByTestId("app-reason")).toContainText("CrashLoopBackOff");
  await expect(page.getByTestId("container-state").first()).toHaveText("CrashLoopBackOff");
  await expect(page.getByTestId("container-restarts").first()).toHaveText("3");
  await expect(page.getByTestId("container").first()).toContainText("Error (exit 1)");
});

test("an app that is not in the manifests is a 404", async ({ page }) => {
  const res = await page.goto("/apps/not-an-app");
  expect(res?.status()).toBe(404);
});
