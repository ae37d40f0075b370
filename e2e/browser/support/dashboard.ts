// Page helpers for the dashboard's pages: tests talk about apps, tiles and banners, not selectors.
import { expect, type Locator, type Page } from "@playwright/test";

export class Dashboard {
  constructor(readonly page: Page) {}

  async gotoOverview(): Promise<void> {
    await this.page.goto("/");
    await expect(this.page.getByRole("heading", { name: "Overview" })).toBeVisible();
  }

  async gotoApp(name: string): Promise<void> {
    await this.page.goto(`/apps/${name}`);
    await expect(this.appDetail()).toBeVisible();
  }

  async gotoStorage(): Promise<void> {
    await this.page.goto("/storage");
    await expect(this.page.getByRole("heading", { name: "Storage", level: 1 })).toBeVisible();
  }

  async gotoBudget(): Promise<void> {
    await this.page.goto("/budget");
    await expect(this.page.getByRole("heading", { name: "Budget", level: 1 })).toBeVisible();
  }

  async gotoChecks(): Promise<void> {
    await this.page.goto("/checks");
    await expect(
      this.page.getByRole("heading", { name: "Verification checklist", level: 1 }),
    ).toBeVisible();
  }

  async gotoHardlinks(): Promise<void> {
    await this.page.goto("/checks/hardlinks");
    await expect(
      this.page.getByRole("heading", { name: "Hardlink audit", level: 1 }),
    ).toBeVisible();
  }

  /** One item of the checklist (its verdict is in `data-verdict`). */
  checkItem(id: string): Locator {
    return this.page.getByTestId(`check-${id}`);
  }

  appCards(): Locator {
    return this.page.getByTestId("app-card");
  }

  appCard(name: string): Locator {
    return this.page.locator(`[data-testid="app-card"][data-app="${name}"]`);
  }

  /** Health status of an app card ("Healthy", "Degraded"…). */
  cardHealth(name: string): Locator {
    return this.appCard(name).getByTestId("app-health");
  }

  cardReason(name: string): Locator {
    return this.appCard(name).getByTestId("app-reason");
  }

  cardField(name: string, field: "version" | "pods" | "restarts" | "url"): Locator {
    return this.appCard(name).getByTestId(`app-${field}`);
  }

  tile(which: "api" | "namespace" | "volume"): Locator {
    return this.page.getByTestId(`tile-${which}`);
  }

  appDetail(): Locator {
    return this.page.getByTestId("app-detail");
  }

  detailHealth(): Locator {
    return this.appDetail().getByTestId("app-health");
  }

  pods(): Locator {
    return this.page.getByTestId("pod");
  }

  claim(name: string): Locator {
    return this.page.locator(`[data-testid="claim"][data-claim="${name}"]`);
  }

  events(): Locator {
    return this.page.getByTestId("event");
  }

  configClaim(name: string): Locator {
    return this.page.locator(`[data-testid="config-claim"][data-claim="${name}"]`);
  }

  budgetRow(app: string): Locator {
    return this.page.locator(`[data-testid="budget-row"][data-app="${app}"]`);
  }

  banner(): Locator {
    return this.page.getByTestId("api-banner");
  }

  /** The app page's log card. */
  logs(): Locator {
    return this.page.getByTestId("app-logs");
  }

  /** Log lines on screen (optionally those containing `text`). */
  logLines(text?: string): Locator {
    const lines = this.logs().getByTestId("log-line");
    return text === undefined ? lines : lines.filter({ hasText: text });
  }

  /** A rule in the highlights summary above the log ("s6-uidgid", "database-locked"…). */
  logHighlight(rule: string): Locator {
    return this.logs().locator(`[data-testid="log-highlight"][data-rule="${rule}"]`);
  }

  /** Waits until the log view is following (or showing a previous instance). */
  async waitLogOpen(): Promise<void> {
    await expect(this.logs().getByTestId("log-viewer")).toHaveAttribute(
      "data-status",
      /following|ended/,
    );
  }

  navLink(label: string): Locator {
    return this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label });
  }
}

/**
 * Every response `page` gets from now on, read whole unless it is an event stream (read those
 * separately with a request that ends). Await the result once the page is done.
 */
export function collectResponses(page: Page): () => Promise<{ url: string; text: string }[]> {
  const bodies: Promise<{ url: string; text: string }>[] = [];
  page.on("response", (res) => {
    if ((res.headers()["content-type"] ?? "").includes("text/event-stream")) return;
    bodies.push(
      res
        .text()
        .then((text) => ({ url: res.url(), text }))
        .catch(() => ({ url: res.url(), text: "" })),
    );
  });
  return () => Promise.all(bodies);
}
