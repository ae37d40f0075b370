// Test/bench helper: stops the local control plane's kube-apiserver (by the pid KWOK recorded in
// its workdir) and starts it again with exactly the same command line, environment and log.
import { closeSync, openSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import path from "node:path";
import { Health, KubeConfig } from "@kubernetes/client-node";

function kwokDir(): string {
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig)
    throw new Error("KUBECONFIG is not set: the API server helper needs the local control plane");
  return path.dirname(kubeconfig);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ready(timeoutMs: number): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  const health = new Health(kc);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await health.readyz({ signal: AbortSignal.timeout(1000) })) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`kube-apiserver not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface StoppedApiServer {
  /** Starts kube-apiserver again and resolves once /readyz answers. */
  start(timeoutMs?: number): Promise<void>;
}

/** Kills kube-apiserver (SIGKILL: no graceful goodbye, like a crash) and returns a restarter. */
export async function stopApiServer(): Promise<StoppedApiServer> {
  const dir = kwokDir();
  const pidFile = path.join(dir, "pids", "kube-apiserver.pid");
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || !alive(pid))
    throw new Error(`kube-apiserver (pid file ${pidFile}) is not running`);
  const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  const cwd = readlinkSync(`/proc/${pid}/cwd`);
  const env = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, "utf8")
      .split("\0")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  ) as NodeJS.ProcessEnv;
  process.kill(pid, "SIGKILL");
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    async start(timeoutMs = 60_000) {
      const [cmd, ...args] = argv;
      if (!cmd) throw new Error("empty kube-apiserver command line");
      const log = openSync(path.join(dir, "logs", "kube-apiserver.log"), "a");
      const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", log, log] });
      closeSync(log);
      if (!child.pid) throw new Error("kube-apiserver did not start");
      writeFileSync(pidFile, String(child.pid));
      child.unref();
      await ready(timeoutMs);
    },
  };
}
