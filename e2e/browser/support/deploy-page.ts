// Page helpers for /deploy: deploy, follow progress, preview, release the PV, tear down.
import { expect, type Locator, type Page } from "@playwright/test";
import { ADMIN_PASSWORD } from "./auth";

export class DeployPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/deploy");
    await expect(this.page.getByRole("heading", { name: "Deploy", exact: true })).toBeVisible();
  }

  async selectScope(scope: string): Promise<void> {
    await this.page.getByLabel("Deploy scope").selectOption(scope);
  }

  deployButton(): Locator {
    return this.page.getByTestId("deploy-button");
  }

  /** The id of the job shown now (a finished one from earlier, possibly), or null. */
  async shownJobId(): Promise<string | null> {
    const p = this.page.getByTestId("job-progress");
    return (await p.count()) ? p.getAttribute("data-job-id") : null;
  }

  /** Waits until a job other than `previous` is shown. */
  async newJobShown(previous: string | null): Promise<void> {
    const progress = this.page.getByTestId("job-progress");
    await expect(progress).toBeVisible();
    if (previous) await expect(progress).not.toHaveAttribute("data-job-id", previous);
  }

  /** Clicks Deploy; answers the Released-PV prompt with "Release and deploy" when it appears. */
  async deploy(opts: { releaseIfAsked?: boolean } = {}): Promise<void> {
    const previous = await this.shownJobId();
    await this.deployButton().click();
    if (opts.releaseIfAsked) {
      const release = this.page.getByRole("button", { name: "Release and deploy" });
      const fresh = previous
        ? this.page.locator(`[data-testid="job-progress"]:not([data-job-id="${previous}"])`)
        : this.page.getByTestId("job-progress");
      await expect(release.or(fresh)).toBeVisible();
      if (await release.isVisible()) await release.click();
    }
    await this.newJobShown(previous);
  }

  /** Waits until the job shown has finished; returns its status and summary. */
  async waitForJob(timeout = 180_000): Promise<{ status: string; summary: string }> {
    const progress = this.page.getByTestId("job-progress");
    await expect(progress).not.toHaveAttribute("data-status", "running", { timeout });
    return {
      status: (await progress.getAttribute("data-status")) ?? "",
      summary: (await this.page.getByTestId("job-summary").innerText()).trim(),
    };
  }

  objectOutcome(key: string): Locator {
    return this.page.locator(`[data-testid="object-row"][data-key="${key}"]`);
  }

  rollout(app: string): Locator {
    return this.page.locator(`[data-testid="rollout-row"][data-app="${app}"]`);
  }

  async preview(): Promise<Locator> {
    await this.page.getByRole("button", { name: "Preview changes" }).click();
    const view = this.page.getByTestId("plan-view");
    await expect(view).toBeVisible();
    return view;
  }

  /** Types the namespace name into the teardown dialog and confirms. */
  async teardown(namespace: string): Promise<void> {
    const previous = await this.shownJobId();
    await this.page.getByTestId("teardown-button").click();
    const input = this.page.getByTestId("teardown-confirm-input");
    await expect(input).toBeVisible();
    const confirm = this.page.getByTestId("teardown-confirm");
    await input.fill(namespace.slice(0, -1));
    await expect(confirm).toBeDisabled();
    await input.fill(namespace);
    // Step-up: the admin password again (issue 17, item 8).
    await expect(confirm).toBeDisabled();
    await this.page.getByTestId("teardown-password").fill(ADMIN_PASSWORD);
    await confirm.click();
    await this.newJobShown(previous);
  }
}
