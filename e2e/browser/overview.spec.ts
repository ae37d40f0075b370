import { expect, test } from "@playwright/test";
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

test("shows one card per app of the manifests, healthy, with version, pods and URL", async ({
  page,
}) => {
  const d = new Dashboard(page);
  await d.gotoOverview();
  await expect(d.appCards()).toHaveCount(stack.apps.length);
  for (const app of stack.apps) {
    await expect(d.cardHealth(app.name)).toHaveText("Healthy");
    await expect(d.cardField(app.name, "pods")).toHaveText("1/1");
    await expect(d.cardField(app.name, "restarts")).toHaveText("0");
    await expect(d.cardField(app.name, "version")).toContainText(app.version);
    if (app.host)
      await expect(d.cardField(app.name, "url")).toHaveAttribute("href", `https://${app.host}`);
  }
  await expect(d.tile("api")).toContainText("Reachable");
  await expect(d.tile("namespace")).toContainText("Active");
  await expect(d.tile("namespace")).toContainText("enforce baseline");
  await expect(d.tile("volume")).toContainText(
    `${stack.dataVolume.server}:${stack.dataVolume.path}`,
  );
  await expect(d.tile("volume")).toContainText("Healthy");
});

test("a crash-looping pod turns its card Degraded with the reason, without a reload", async ({
  page,
}) => {
  const d = new Dashboard(page);
  await d.gotoOverview();
  const app = stack.apps[2]!;
  await expect(d.cardHealth(app.name)).toHaveText("Healthy");
  await crashLoopPod(kc, stack.namespace, await podOf(app.name), 6);
  await expect(d.cardHealth(app.name)).toHaveText("Degraded", { timeout: 5_000 });
  await expect(d.cardReason(app.name)).toContainText("CrashLoopBackOff");
  await expect(d.cardField(app.name, "restarts")).toHaveText("6");
  await expect(d.cardField(app.name, "pods")).toHaveText("0/1");
  // Other apps are unaffected.
  await expect(d.cardHealth(stack.apps[0]!.name)).toHaveText("Healthy");
});

test("navigation reaches every page of the shell", async ({ page }) => {
  const d = new Dashboard(page);
  await d.gotoOverview();
  await d.navLink("Storage").click();
  await expect(page).toHaveURL(/\/storage$/);
  await d.navLink("Budget").click();
  await expect(page).toHaveURL(/\/budget$/);
  await expect(d.navLink("Budget")).toHaveAttribute("aria-current", "page");
  await expect(d.navLink("Deploy")).toHaveAttribute("href", "/deploy");
  await expect(d.navLink("Checks")).toHaveAttribute("href", "/checks");
  await d.navLink("Overview").click();
  await d.appCard(stack.apps[0]!.name).getByRole("link", { name: "Details →" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${stack.apps[0]!.name}$`));
});
