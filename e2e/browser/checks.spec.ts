import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { login } from "./support/auth";
import { freshStack, stack } from "./support/cluster";
import { Dashboard } from "./support/dashboard";

// The checks pages on the shared shell, fed by the live push: the checklist, NFS probes on
// demand ("Probe now" is an action; loading the page runs no exec), and the hardlink audit job.
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // The seed's tree on the NFS export (an empty export is rightly "not writable": no torrents/).
  const root = process.env.ARR_NFS_ROOT ?? "";
  execFileSync("bash", ["e2e/cluster/sample-nfs.sh", root]); // leaves a non-empty tree alone
  for (const dir of ["torrents/movies", "torrents/tv", "media/movies", "media/tv"])
    mkdirSync(path.join(root, dir), { recursive: true });
  await freshStack();
});

test.beforeEach(async ({ page }) => {
  await login(page);
});

test("the checklist shows every item on the shared shell, and Probe now fills the NFS table", async ({
  page,
}) => {
  const d = new Dashboard(page);
  await d.gotoChecks();
  await expect(page).toHaveTitle("Checks · arr-dashboard");
  await expect(page.locator("main")).toHaveCount(1);
  await expect(page.getByTestId("checklist-counts")).toBeVisible();
  await expect(d.checkItem("pods-running")).toHaveAttribute("data-verdict", "pass");
  // The NFS probes arrive through the push after the pods became Ready or on demand.
  await page.getByTestId("probe-now").click();
  const mounters = stack.apps.filter((a) => a.mountsData);
  await expect(page.getByTestId("nfs-health").locator("tbody tr")).toHaveCount(mounters.length, {
    timeout: 30_000,
  });
  await expect(d.checkItem("nfs-bound")).toHaveAttribute("data-verdict", "pass");
});

test("the hardlink audit runs as a job and its result shows", async ({ page }) => {
  const d = new Dashboard(page);
  await d.gotoHardlinks();
  await expect(page).toHaveTitle("Hardlink audit · arr-dashboard");
  await expect(page.locator("main")).toHaveCount(1);
  await page.getByRole("button", { name: "Run audit" }).click();
  await expect(page.getByTestId("audit-state")).toHaveAttribute("data-state", "done", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("audit-result")).toContainText("Finished in");
  // A reload shows the finished job, not a blank page.
  await page.reload();
  await expect(page.getByTestId("audit-result")).toContainText("Finished in");
});
