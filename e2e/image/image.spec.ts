import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { expect, test } from "@playwright/test";
import { benchIdentity } from "@/e2e/support/identity";
import { hashPassword } from "@/lib/auth/password";
import { login } from "../browser/support/auth";
import { freshStack, stack } from "../browser/support/cluster";
import { Dashboard } from "../browser/support/dashboard";

// The built image's own server, started by scripts/image-run.sh from the image's mounted root file
// system (read-only, as uid 10001, the pod's emptyDirs as tmpfs) the way k8s/dashboard's
// Deployment runs it: production mode, credentials from a hash and a session secret as the
// Secret gives them, the dashboard's own ServiceAccount and RBAC. scripts/image-check.sh builds
// the image, mounts it and runs this file; alone it needs ARR_IMAGE_ROOT and ARR_IMAGE_CONFIG.
const ROOT = process.env.ARR_IMAGE_ROOT ?? "";
const CONFIG = process.env.ARR_IMAGE_CONFIG ?? "";
const WORK = path.resolve(".local/image");
const LOG = path.join(WORK, "server.log");
// terminationGracePeriodSeconds of the Deployment: the kubelet kills the pod after that.
const GRACE_MS = 30_000;

/** The server's process: the unshare's only child (PID 1 of its namespace). */
function serverPid(unsharePid: number): number {
  const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim();
  const pid = Number(children.split(/\s+/)[0]);
  if (!pid) throw new Error(`the image's process has not started (log: ${LOG})`);
  return pid;
}

function status(pid: number, field: "VmRSS" | "Uid"): string {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`no ${field} in /proc/${pid}/status`);
  return line.slice(field.length + 1).trim();
}

const rssMiB = (pid: number) => Math.round(Number(status(pid, "VmRSS").split(/\s+/)[0]) / 1024);

/** The options of the mount the process sees at "/" (from its mountinfo). */
function rootMountOptions(pid: number): string[] {
  const lines = readFileSync(`/proc/${pid}/mountinfo`, "utf8").trim().split("\n");
  const root = lines.map((l) => l.split(" ")).findLast((f) => f[4] === "/");
  if (!root?.[5]) throw new Error(`no root mount in /proc/${pid}/mountinfo`);
  return root[5].split(",");
}

/** The kubeconfig with its certificate files inlined, so it works inside the image's root. */
function selfContained(file: string): string {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  const inline = (f?: string) => (f ? readFileSync(f).toString("base64") : undefined);
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: kc.clusters.map((c) => ({
      ...c,
      caFile: undefined,
      caData: c.caData ?? inline(c.caFile),
    })),
    users: kc.users.map((u) => ({
      ...u,
      certFile: undefined,
      keyFile: undefined,
      certData: u.certData ?? inline(u.certFile),
      keyData: u.keyData ?? inline(u.keyFile),
    })),
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  const target = `${file}.inline.yaml`;
  writeFileSync(target, out.exportConfig(), { mode: 0o600 });
  return target;
}

test("the image's server starts read-only as uid 10001, serves a signed-in overview, and stops on SIGTERM", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  expect(ROOT, "ARR_IMAGE_ROOT: the image's mounted root (scripts/image-check.sh)").not.toBe("");
  const base = baseURL!; // e2e/image/playwright.config.ts (ARR_IMAGE_PORT)
  mkdirSync(WORK, { recursive: true });

  // The pod's identity and Secret: the dashboard's ServiceAccount token, a password hash and a
  // session secret (production mode refuses a plain password).
  const kubeconfig = selfContained(await benchIdentity(WORK));
  const password = randomBytes(12).toString("base64url");
  const log = openSync(LOG, "w");
  const started = Date.now();
  const run = spawn("bash", ["scripts/image-run.sh", ROOT, CONFIG, kubeconfig], {
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      PORT: new URL(base).port,
      HOSTNAME: "127.0.0.1",
      ARR_ADMIN_PASSWORD_HASH: await hashPassword(password),
      ARR_SESSION_SECRET: randomBytes(32).toString("hex"),
    },
  });
  closeSync(log);
  const exited = new Promise<number | null>((r) => run.once("exit", (code) => r(code)));
  try {
    await test.step("/api/healthz and /api/readyz answer", async () => {
      for (const probe of ["/api/healthz", "/api/readyz"]) {
        await expect
          .poll(async () => (await fetch(`${base}${probe}`).catch(() => null))?.status, {
            timeout: 60_000,
            message: `${probe} (server log: ${LOG})`,
          })
          .toBe(200);
      }
    });
    const pid = serverPid(run.pid!);
    console.log(
      `image: ready ${((Date.now() - started) / 1000).toFixed(1)} s after start; RSS ${rssMiB(pid)} MiB`,
    );

    await test.step("it runs as uid 10001 on a read-only root file system", () => {
      expect(status(pid, "Uid").split(/\s+/)).toEqual(["10001", "10001", "10001", "10001"]);
      expect(rootMountOptions(pid)).toContain("ro");
    });

    await test.step("the overview renders for a signed-in session", async () => {
      await freshStack();
      await login(page, password);
      const d = new Dashboard(page);
      await d.gotoOverview();
      await expect(d.appCards()).toHaveCount(stack.apps.length);
      for (const app of stack.apps) await expect(d.cardHealth(app.name)).toHaveText("Healthy");
      await expect(d.tile("api")).toContainText("Reachable");
      console.log(`image: RSS ${rssMiB(pid)} MiB after the signed-in overview`);
    });

    await test.step("SIGTERM stops it, within the pod's grace period", async () => {
      await page.close();
      const signalled = Date.now();
      process.kill(pid, "SIGTERM");
      const code = await Promise.race([
        exited,
        new Promise<"still running">((r) => setTimeout(() => r("still running"), GRACE_MS)),
      ]);
      // 128 + 15: Next's own exit once responses ended (not lib/metrics/lifecycle.ts's fallback).
      expect(code).toBe(143);
      const log = readFileSync(LOG, "utf8");
      expect(log).not.toContain("still open");
      // Nothing tried to write to the read-only root.
      expect(log).not.toMatch(/EROFS|read-only file system/i);
      console.log(`image: exited ${((Date.now() - signalled) / 1000).toFixed(1)} s after SIGTERM`);
    });
  } finally {
    run.kill("SIGKILL"); // unshare, and with it its PID namespace
  }
});
