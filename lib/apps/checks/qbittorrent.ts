import type { CheckItem } from "@/lib/checks/types";
import type { AppsEvidence } from "../types";
import { fail, fieldText, findings, got, isUnder, normalizePath, verdictOf } from "./common";

const TORRENTS = "/data/torrents";
const LSIO_DEFAULT = "/downloads";

/**
 * A category's save path as qBittorrent resolves it: empty → `<save_path>/<name>`, relative →
 * joined onto `save_path`, absolute → itself (normalised, no trailing slash).
 * @see app-apis.md §2.3 (SessionImpl::categorySavePath)
 */
export function effectiveCategoryPath(
  savePath: string,
  name: string,
  categoryPath?: string,
): string {
  const c = (categoryPath ?? "").trim();
  if (c === "") return normalizePath(`${savePath}/${name}`);
  if (c.startsWith("/")) return normalizePath(c);
  return normalizePath(`${savePath}/${c}`);
}

const lsio = (p: string): string =>
  isUnder(p, LSIO_DEFAULT) ? ` (LinuxServer's default ${LSIO_DEFAULT}: never set up)` : "";

/**
 * "qBittorrent accessible and download paths set to /data/torrents/" (§8): default save_path under
 * /data/torrents; temp_path under /data when enabled; the categories Sonarr (tvCategory) and
 * Radarr (movieCategory) use resolve under /data/torrents (all categories when those are unknown).
 */
export function qbittorrentCheck(ev: AppsEvidence): CheckItem {
  const title = "qBittorrent accessible and download paths set to `/data/torrents/`";
  const f = findings();
  const q = ev.qbittorrent;
  if (q.version.ok) f.evidence.push(`qBittorrent ${q.version.data}`);
  const prefs = got(f, "qBittorrent", "preferences", q.preferences);
  const cats = got(f, "qBittorrent", "categories", q.categories);
  const fixSave =
    "Set qBittorrent's default save path to /data/torrents/ (Options → Downloads) and category paths under it";
  if (prefs) {
    const save = normalizePath(prefs.save_path ?? "");
    if (!isUnder(save, TORRENTS))
      fail(
        f,
        `Default save path is ${save || "(empty)"}, not under ${TORRENTS}/${lsio(save)}`,
        fixSave,
      );
    else f.evidence.push(`Default save path ${save}`);
    if (prefs.temp_path_enabled) {
      const temp = normalizePath(prefs.temp_path ?? "");
      if (!isUnder(temp, "/data"))
        fail(
          f,
          `Incomplete-downloads path is ${temp}, outside /data${lsio(temp)}`,
          "Set the incomplete-downloads path under /data/torrents/ or turn it off",
        );
      else f.evidence.push(`Incomplete downloads in ${temp}`);
    }
    if (cats) {
      const used = new Map<string, string>();
      for (const [app, name, key] of [
        ["sonarr", "Sonarr", "tvCategory"],
        ["radarr", "Radarr", "movieCategory"],
      ] as const) {
        const clients = ev[app].downloadClients;
        if (!clients.ok) continue;
        for (const c of clients.data.filter((x) => x.implementation === "QBittorrent")) {
          const cat = fieldText(c.fields, key);
          if (cat) used.set(cat, name);
        }
      }
      const names = used.size > 0 ? [...used.keys()] : Object.keys(cats);
      for (const name of names) {
        const path = effectiveCategoryPath(save, name, cats[name]?.savePath);
        const who = used.get(name);
        const label = `Category ${name}${who ? ` (${who})` : ""}${cats[name] ? "" : " (not created yet; qBittorrent will use the default path)"}`;
        if (!isUnder(path, TORRENTS))
          fail(f, `${label} saves to ${path}, not under ${TORRENTS}/${lsio(path)}`, fixSave);
        else f.evidence.push(`${label} → ${path}`);
      }
    }
  }
  return verdictOf("qbittorrent-paths", title, f, `Downloads go to ${TORRENTS}/`);
}
