import type { CheckItem } from "@/lib/checks/types";
import type { AppsEvidence } from "../types";
import { arrConfigCheck } from "./arr";
import { homepageCheck } from "./homepage";
import { jellyfinCheck } from "./jellyfin";
import { prowlarrCheck } from "./prowlarr";
import { qbittorrentCheck } from "./qbittorrent";
import { uptimeKumaCheck } from "./uptime-kuma";

/** The checklist ids the apps' own APIs answer (stable: URLs, metric labels, tests). */
export const APP_CHECK_IDS = [
  "prowlarr-indexers",
  "qbittorrent-paths",
  "sonarr-config",
  "radarr-config",
  "jellyfin-library",
  "homepage-entries",
  "uptime-kuma",
] as const;
export type AppCheckId = (typeof APP_CHECK_IDS)[number];

/**
 * The seven app checks on one evidence snapshot (pure). `widgets`: the stack apps that have a
 * native Homepage widget (from the manifests' gethomepage.dev/widget.type).
 * @see /work/shared/reference/app-apis.md §8
 */
export function evaluateAppChecks(
  ev: AppsEvidence,
  widgets: readonly { displayName: string; widget: string }[],
): Record<AppCheckId, CheckItem> {
  return {
    "prowlarr-indexers": prowlarrCheck(ev),
    "qbittorrent-paths": qbittorrentCheck(ev),
    "sonarr-config": arrConfigCheck("sonarr", ev),
    "radarr-config": arrConfigCheck("radarr", ev),
    "jellyfin-library": jellyfinCheck(ev),
    "homepage-entries": homepageCheck(ev, widgets),
    "uptime-kuma": uptimeKumaCheck(ev),
  };
}
