import { expect, test } from "@playwright/test";
import { freshStack, stack } from "./support/cluster";
import { login } from "./support/auth";
import { Dashboard } from "./support/dashboard";

// Every page but login needs a session.
test.beforeEach(async ({ page }) => {
  await login(page);
});

test.beforeAll(async () => {
  await freshStack();
});

test("shows the NFS PV and its claim, and every config claim", async ({ page }) => {
  const d = new Dashboard(page);
  await d.gotoStorage();
  const dv = stack.dataVolume;
  await expect(page.getByTestId("nfs-server")).toHaveText(dv.server);
  await expect(page.getByTestId("nfs-path")).toHaveText(dv.path);
  for (const o of dv.mountOptions) await expect(page.getByTestId("mount-options")).toContainText(o);
  await expect(page.getByTestId("reclaim-policy")).toContainText(dv.reclaimPolicy);
  await expect(page.getByTestId("pv-phase")).toHaveText("Bound");
  await expect(page.getByTestId("pv-health")).toHaveText("Healthy");
  await expect(page.getByTestId("pvc-phase")).toHaveText("Bound");
  for (const app of stack.apps) {
    const row = d.configClaim(app.configClaim.name);
    await expect(row).toContainText(app.configClaim.storageClassName);
    await expect(row).toContainText(app.configClaim.size);
    await expect(row.getByTestId("claim-phase")).toHaveText("Bound");
  }
});
