import type { CheckItem } from "@/lib/checks/types";
import type { ArrIndexer } from "../schemas";
import type { AppsEvidence, InClusterService } from "../types";
import {
  fail,
  fieldText,
  findings,
  got,
  healthLine,
  hostIsService,
  normalizePath,
  plural,
  serviceUrl,
  urlIsService,
  verdictOf,
} from "./common";

/** Health sources that break the wiring (app-apis.md §1.4): path, root folder, client, indexer. */
const WIRING_HEALTH_SOURCES = new Set([
  "RemotePathMappingCheck",
  "DownloadClientRootFolderCheck",
  "RootFolderCheck",
  "MountCheck",
  "DownloadClientCheck",
  "DownloadClientStatusCheck",
  "ImportMechanismCheck",
  "IndexerRssCheck",
  "IndexerSearchCheck",
  "IndexerStatusCheck",
  "IndexerLongTermStatusCheck",
  "IndexerDownloadClientCheck",
  "MovieCollectionRootFolderCheck",
]);

/**
 * True when an *arr indexer was synced by Prowlarr: its baseUrl points at the Prowlarr Service
 * (`{prowlarrUrl}/{id}/`) or its name carries Prowlarr's " (Prowlarr)" suffix.
 * @see app-apis.md §1.5 (Applications/Sonarr/Sonarr.cs)
 */
export function isProwlarrIndexer(ix: ArrIndexer, prowlarr?: InClusterService): boolean {
  const base = fieldText(ix.fields, "baseUrl") ?? "";
  if (prowlarr && urlIsService(base, prowlarr)) return true;
  return /\(Prowlarr\)\s*$/.test(ix.name ?? "");
}

/**
 * Sonarr's or Radarr's wiring (§8): root folder `root` present and accessible; an enabled
 * qBittorrent client pointing at the in-cluster qBittorrent; ≥1 Prowlarr-synced indexer;
 * copyUsingHardlinks on; no remote path mappings; none of the wiring health sources.
 * Input: the fetched answers; output: a checklist item (pass/fail/could-not-check).
 */
export function arrConfigCheck(app: "sonarr" | "radarr", ev: AppsEvidence): CheckItem {
  const name = app === "sonarr" ? "Sonarr" : "Radarr";
  const root = app === "sonarr" ? "/data/media/tv" : "/data/media/movies";
  const title = `${name} root folder set to \`${root}/\`, connected to Prowlarr + qBittorrent`;
  const a = ev[app];
  const f = findings();
  const status = a.status.ok ? a.status.data : undefined;
  if (status?.version) f.evidence.push(`${name} ${status.version}`);

  const roots = got(f, name, "root folders", a.rootFolders);
  if (roots) {
    const match = roots.find((r) => normalizePath(r.path ?? "") === root);
    if (!match)
      fail(
        f,
        `${name} has no root folder ${root} (has: ${roots.map((r) => r.path).join(", ") || "none"})`,
        `Add ${root} as a root folder in ${name} (Settings → Media Management → Root Folders)`,
      );
    else if (match.accessible === false)
      fail(
        f,
        `${name}'s root folder ${root} is not accessible`,
        `Check that ${name}'s pod mounts the data claim at /data and ${root} exists`,
      );
    else f.evidence.push(`Root folder ${match.path} accessible`);
  }

  const qbit = ev.services.qbittorrent;
  const clients = got(f, name, "download clients", a.downloadClients);
  if (clients) {
    const qclients = clients.filter((c) => c.implementation === "QBittorrent");
    const good = qclients.find((c) => {
      const host = fieldText(c.fields, "host") ?? "";
      const port = Number(fieldText(c.fields, "port"));
      return c.enable !== false && qbit && hostIsService(host, qbit) && port === qbit.port;
    });
    if (good)
      f.evidence.push(
        `Download client "${good.name}" → ${fieldText(good.fields, "host")}:${fieldText(good.fields, "port")}`,
      );
    else if (qclients.length === 0)
      fail(
        f,
        `${name} has no qBittorrent download client`,
        `Add a qBittorrent download client in ${name} with host ${qbit ? `${qbit.name}.${qbit.namespace}.svc` : "qbittorrent"} and port ${qbit?.port ?? 8080}`,
      );
    else
      fail(
        f,
        `${name}'s qBittorrent client${qclients.length > 1 ? "s" : ""} ${qclients
          .map(
            (c) =>
              `"${c.name}" (${c.enable === false ? "disabled, " : ""}${fieldText(c.fields, "host")}:${fieldText(c.fields, "port")})`,
          )
          .join(
            ", ",
          )} ${qclients.length > 1 ? "do" : "does"} not point at the in-cluster qBittorrent${qbit ? ` ${serviceUrl(qbit)}` : ""}`,
        `Enable the client and set its host to ${qbit ? `${qbit.name}.${qbit.namespace}.svc` : "the qBittorrent Service"} and port ${qbit?.port ?? 8080}`,
      );
  }

  const indexers = got(f, name, "indexers", a.indexers);
  if (indexers) {
    const synced = indexers.filter((ix) => isProwlarrIndexer(ix, ev.services.prowlarr));
    if (synced.length === 0)
      fail(
        f,
        `${name} has no indexer synced from Prowlarr (${plural(indexers.length, "indexer")} in all)`,
        `In Prowlarr, add ${name} under Settings → Apps and sync`,
      );
    else f.evidence.push(`${plural(synced.length, "indexer")} synced from Prowlarr`);
  }

  const mm = got(f, name, "media management", a.mediaManagement);
  if (mm) {
    if (mm.copyUsingHardlinks !== true)
      fail(
        f,
        `${name} copies instead of hardlinking (copyUsingHardlinks is off)`,
        `Turn on "Use Hardlinks instead of Copy" in ${name} (Settings → Media Management)`,
      );
    else f.evidence.push("Use hardlinks instead of copy: on");
  }

  const mappings = got(f, name, "remote path mappings", a.remotePathMappings);
  if (mappings) {
    if (mappings.length > 0)
      fail(
        f,
        `${name} has ${plural(mappings.length, "remote path mapping")} (${mappings.map((m) => `${m.remotePath} → ${m.localPath}`).join(", ")}): every app mounts /data at the same path, so none are needed`,
        `Delete the remote path mappings in ${name} and point qBittorrent's save paths at /data/torrents`,
      );
    else f.evidence.push("No remote path mappings");
  }

  const health = got(f, name, "health", a.health);
  if (health) {
    const wiring = health.filter((h) => WIRING_HEALTH_SOURCES.has(h.source ?? ""));
    for (const h of wiring)
      fail(
        f,
        healthLine(name, h),
        h.wikiUrl ? `Follow ${h.wikiUrl}` : `Fix what ${name} reports in System → Status`,
      );
    const other = health.filter((h) => !WIRING_HEALTH_SOURCES.has(h.source ?? ""));
    if (wiring.length === 0) f.evidence.push(`No path, client or indexer health errors`);
    for (const h of other) f.evidence.push(healthLine(name, h));
  }

  return verdictOf(
    `${app}-config`,
    title,
    f,
    `${root} present, qBittorrent and Prowlarr connected, hardlinks on`,
  );
}
