// The local app stand-ins as a process (started by e2e/cluster/up.sh, stopped by down.sh):
//   node --import ./e2e/bench/register.mjs e2e/apps/standins.ts <state dir>
// Env: ARR_QBITTORRENT_URL (the real qBittorrent's WebUI), ARR_NFS_ROOT. Reads the cluster's keys
// from <state>/app-keys.json, reuses the ports of <state>/standins.json when free, and writes the
// URLs there once every server listens (up.sh waits for that file).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureKeys } from "./keys";
import { startStandins } from "./server";

const stateDir = process.argv[2];
const qbittorrentUrl = process.env.ARR_QBITTORRENT_URL;
if (!stateDir || !qbittorrentUrl) {
  console.error(
    "usage: ARR_QBITTORRENT_URL=http://127.0.0.1:PORT node e2e/apps/standins.ts <state dir>",
  );
  process.exit(2);
}
const log = (msg: string) => console.log(`${new Date().toISOString()} ${msg}`);
const file = join(stateDir, "standins.json");
const previous = existsSync(file)
  ? (JSON.parse(readFileSync(file, "utf8")) as { ports?: Record<string, number> }).ports
  : undefined;
const standins = await startStandins({
  repo: resolve(import.meta.dirname, "../.."),
  keys: ensureKeys(stateDir),
  qbittorrentUrl,
  nfsRoot: process.env.ARR_NFS_ROOT,
  stateDir,
  qbittorrentLauncher: process.env.ARR_QBITTORRENT_LAUNCHER,
  qbittorrentPidFile: process.env.ARR_QBITTORRENT_PIDFILE,
  ports: previous,
  log,
});
const tmp = `${file}.${process.pid}`;
writeFileSync(
  tmp,
  JSON.stringify(
    {
      pid: process.pid,
      urls: standins.urls,
      controlUrl: standins.controlUrl,
      ports: standins.ports,
    },
    null,
    2,
  ),
);
renameSync(tmp, file);
for (const sig of ["SIGTERM", "SIGINT"] as const)
  process.on(sig, () => void standins.close().finally(() => process.exit(0)));
