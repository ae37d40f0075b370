// The container runtime's log files for the simulated pods (run inside sim-infra.ts).
//
// KWOK serves `GET pods/log` from a file named by a `Logs` object (kwok.x-k8s.io/v1alpha1,
// namespaced, matched to a pod by name; enabled with `--enable-crds Logs`) — see
// sigs.k8s.io/kwok@v0.8.0 pkg/kwok/server/debugging_logs.go. It reads the file with the kubelet's
// own reader (k8s.io/cri-client pkg/logs ReadLogs), so each line must be in the CRI log format
// `<RFC 3339 nano time> <stdout|stderr> <F|P> <text>`, and `follow` tails the file (fsnotify).
// KWOK has no per-pod templating of the path, so this stand-in for the kubelet gives every
// container of every running pod its own file, as a kubelet does (/var/log/pods/<ns>_<pod>_…):
//   $ARR_LOGS_ROOT/<namespace>_<pod>/<container>/current.log   (logsFile)
//   $ARR_LOGS_ROOT/<namespace>_<pod>/<container>/previous.log  (previousLogsFile; absent until
//                                                               something writes it)
// and writes the startup output that container's real image prints (LinuxServer's s6 banner,
// the app's first lines) into a new file. Tests append lines with e2e/support/pod-logs.ts.
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CustomObjectsApi, V1Pod } from "@kubernetes/client-node";

/** One CRI log line (the format KWOK's reader parses). */
export function criLine(text: string, when = new Date(), stream = "stdout"): string {
  return `${when.toISOString().replace("Z", "000000Z")} ${stream} F ${text}\n`;
}

/** Where the simulated runtime keeps a container's log (current or previous instance). */
export function podLogFile(
  root: string,
  namespace: string,
  pod: string,
  container: string,
  which: "current" | "previous" = "current",
): string {
  return path.join(root, `${namespace}_${pod}`, container, `${which}.log`);
}

const LSIO_RULE = "───────────────────────────────────────";

function lsioBanner(tag: string): string[] {
  return [
    "[migrations] started",
    "[migrations] no migrations found",
    LSIO_RULE,
    "",
    "      ██╗     ███████╗██╗ ██████╗",
    "      ██║     ██╔════╝██║██╔═══██╗",
    "      ██║     ███████╗██║██║   ██║",
    "      ██║     ╚════██║██║██║   ██║",
    "      ███████╗███████║██║╚██████╔╝",
    "      ╚══════╝╚══════╝╚═╝ ╚═════╝",
    "",
    "   Brought to you by linuxserver.io",
    LSIO_RULE,
    "",
    "To support LSIO projects visit:",
    "https://www.linuxserver.io/donate/",
    "",
    LSIO_RULE,
    "GID/UID",
    LSIO_RULE,
    "",
    "User UID:    1000",
    "User GID:    1000",
    LSIO_RULE,
    `Linuxserver.io version: ${tag}`,
    "Build-date: 2026-11-01T04:12:33+00:00",
    LSIO_RULE,
    "",
    "[custom-init] No custom files found, skipping...",
  ];
}

function arrLines(display: string, port: number, version: string): string[] {
  const t = "[Info]";
  return [
    `${t} Bootstrap: Starting ${display} - /app/${display.toLowerCase()}/bin/${display} - Version ${version}`,
    `${t} AppFolderInfo: Data directory is being overridden to [/config]`,
    `${t} StartupContext: Data directory is being overridden to [/config]`,
    `${t} MigrationController: *** Migrating data source=/config/${display.toLowerCase()}.db;cache size=-20000;datetimekind=Utc;journal mode=Wal;pooling=True;version=3;busytimeout=100 ***`,
    `${t} Microsoft.Hosting.Lifetime: Now listening on: http://[::]:${port}`,
    "[ls.io-init] done.",
    `${t} Microsoft.Hosting.Lifetime: Application started. Press Ctrl+C to shut down.`,
  ];
}

/** The startup output of the image `image` (container `name`), by what the real images print. */
function startupLines(name: string, image: string): string[] {
  const tag = image.split(":")[1] ?? "latest";
  const version = tag.replace(/-ls\d+$/, "");
  if (/jellyfin/.test(image))
    return [
      `[00:00:01] [INF] [1] Main: Jellyfin version: ${version}`,
      '[00:00:01] [INF] [1] Main: Environment Variables: ["[JELLYFIN_CACHE_DIR, /cache]", "[JELLYFIN_DATA_DIR, /config]"]',
      "[00:00:01] [INF] [1] Main: Program data path: /config",
      '[00:00:02] [INF] [1] MediaBrowser.MediaEncoding.Encoder.MediaEncoder: Available decoders: ["h264", "hevc", "av1"]',
      "[00:00:02] [INF] [1] MediaBrowser.MediaEncoding.Encoder.MediaEncoder: FFmpeg: /usr/lib/jellyfin-ffmpeg/ffmpeg",
      "[00:00:03] [INF] [1] Emby.Server.Implementations.ApplicationHost: ServerId: 3f2a6c1d0e9b4a7c8d5e6f708192a3b4",
      "[00:00:05] [INF] [1] Main: Startup complete 0:00:04.3",
    ];
  if (/qbittorrent/.test(image))
    return [
      ...lsioBanner(tag),
      "[ls.io-init] done.",
      "WebUI will be started shortly after internal preparations. Please wait...",
      "",
      "******** Information ********",
      "To control qBittorrent, access the WebUI at: http://localhost:8080",
      "",
      "The WebUI administrator username is: admin",
      "The WebUI administrator password was not set. A temporary password is provided for this session: 7kQ2xWp9R",
      "You should set your own password in program preferences.",
    ];
  const arr: Record<string, [string, number]> = {
    sonarr: ["Sonarr", 8989],
    radarr: ["Radarr", 7878],
    prowlarr: ["Prowlarr", 9696],
  };
  const known = Object.entries(arr).find(([k]) => image.includes(k) || name === k)?.[1];
  if (known) {
    const lines = [...lsioBanner(tag), ...arrLines(known[0], known[1], version)];
    // One warning a real Sonarr on NFS-backed /config prints now and then (SQLite over NFS).
    if (known[0] === "Sonarr")
      lines.push(
        "[Warn] SonarrErrorPipeline: DB Error: database is locked",
        "[Info] RssSyncService: Starting RSS Sync",
      );
    return lines;
  }
  return [`starting ${name} (${image})`];
}

/**
 * Gives each container of a running pod its log file (with its startup output) and the `Logs`
 * object that points KWOK at it; the object is owned by the pod, so it goes when the pod goes.
 */
export function podLogs(custom: CustomObjectsApi, root: string, log: (m: string) => void) {
  const done = new Set<string>();
  return async (pod: V1Pod): Promise<void> => {
    const { namespace, name, uid } = pod.metadata ?? {};
    if (!namespace || !name || !uid || done.has(uid) || namespace === "kube-system") return;
    if (!pod.spec?.nodeName || pod.status?.phase !== "Running") return;
    const containers = pod.spec.containers ?? [];
    const started = new Date(pod.status.startTime ?? Date.now());
    for (const c of containers) {
      const file = podLogFile(root, namespace, name, c.name);
      if (existsSync(file)) continue;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, "");
      const lines = startupLines(c.name, c.image ?? "");
      lines.forEach((l, i) =>
        appendFileSync(file, criLine(l, new Date(started.getTime() + i * 7))),
      );
    }
    const body = {
      apiVersion: "kwok.x-k8s.io/v1alpha1",
      kind: "Logs",
      metadata: {
        name,
        namespace,
        ownerReferences: [{ apiVersion: "v1", kind: "Pod", name, uid }],
      },
      spec: {
        logs: containers.map((c) => ({
          containers: [c.name],
          logsFile: podLogFile(root, namespace, name, c.name),
          previousLogsFile: podLogFile(root, namespace, name, c.name, "previous"),
          follow: true,
        })),
      },
    };
    try {
      await custom.createNamespacedCustomObject({
        group: "kwok.x-k8s.io",
        version: "v1alpha1",
        namespace,
        plural: "logs",
        body,
      });
      log(`logs for ${namespace}/${name} in ${path.join(root, `${namespace}_${name}`)}`);
    } catch (err) {
      if ((err as { code?: number }).code !== 409) {
        log(`logs ${namespace}/${name}: ${String(err)}`);
        return; // retried on the pod's next update
      }
    }
    done.add(uid);
  };
}
