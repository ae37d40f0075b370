import type { CheckItem } from "@/lib/checks/types";
import type { AppsEvidence } from "../types";
import { isProwlarrIndexer } from "./arr";
import {
  fail,
  fieldText,
  findings,
  got,
  healthLine,
  plural,
  serviceUrl,
  urlIsService,
  verdictOf,
} from "./common";

const PROWLARR_HEALTH = new Set([
  "ApplicationStatusCheck",
  "ApplicationLongTermStatusCheck",
  "IndexerCheck",
  "IndexerStatusCheck",
  "IndexerLongTermStatusCheck",
]);

/**
 * "Prowlarr indexers configured and synced to Sonarr/Radarr" (§8): ≥1 enabled Prowlarr indexer;
 * a Sonarr and a Radarr application, sync not disabled, baseUrl at the in-cluster Service; in
 * each app ≥1 indexer synced from Prowlarr; no application/indexer health errors in Prowlarr.
 * Count differences are information only (tags and categories may exclude indexers).
 * @see app-apis.md §1.5
 */
export function prowlarrCheck(ev: AppsEvidence): CheckItem {
  const title = "Prowlarr indexers configured and synced to Sonarr/Radarr";
  const f = findings();
  const p = ev.prowlarr;
  if (p.status.ok && p.status.data.version) f.evidence.push(`Prowlarr ${p.status.data.version}`);

  const indexers = got(f, "Prowlarr", "indexers", p.indexers);
  let enabled = 0;
  if (indexers) {
    enabled = indexers.filter((i) => i.enable !== false).length;
    if (enabled === 0)
      fail(
        f,
        indexers.length === 0
          ? "Prowlarr has no indexers"
          : `None of Prowlarr's ${plural(indexers.length, "indexer")} is enabled`,
        "Add or enable an indexer in Prowlarr (Indexers)",
      );
    else f.evidence.push(`${enabled} of ${plural(indexers.length, "indexer")} enabled in Prowlarr`);
  }

  const apps = got(f, "Prowlarr", "applications", p.applications);
  for (const [key, name] of [
    ["sonarr", "Sonarr"],
    ["radarr", "Radarr"],
  ] as const) {
    const svc = ev.services[key];
    if (apps) {
      const app = apps.find((a) => a.implementation === name);
      const base = app ? (fieldText(app.fields, "baseUrl") ?? "") : "";
      if (!app)
        fail(
          f,
          `Prowlarr has no ${name} application`,
          `Add ${name} in Prowlarr (Settings → Apps) with server ${svc ? serviceUrl(svc) : `the ${name} Service`}`,
        );
      else if (app.syncLevel === "disabled")
        fail(
          f,
          `Prowlarr's ${name} application "${app.name}" has sync disabled`,
          `Set Sync Level to "Full Sync" for ${name} in Prowlarr (Settings → Apps)`,
        );
      else if (svc && !urlIsService(base, svc))
        fail(
          f,
          `Prowlarr's ${name} application points at ${base || "no URL"}, not ${serviceUrl(svc)}`,
          `Set the ${name} Server to ${serviceUrl(svc)} in Prowlarr (Settings → Apps)`,
        );
      else f.evidence.push(`Prowlarr → ${name} at ${base} (${app.syncLevel ?? "sync"})`);
    }
    const theirs = got(f, name, "indexers", ev[key].indexers);
    if (theirs) {
      const synced = theirs.filter((ix) => isProwlarrIndexer(ix, ev.services.prowlarr)).length;
      if (synced === 0)
        fail(
          f,
          `${name} has no indexer synced from Prowlarr`,
          `Run "Sync App Indexers" in Prowlarr (Settings → Apps) and check its ${name} tags and categories`,
        );
      else {
        f.evidence.push(`${name}: ${plural(synced, "indexer")} from Prowlarr`);
        if (indexers && synced !== enabled)
          f.evidence.push(
            `${name} has ${synced} of Prowlarr's ${enabled} enabled indexers (tags or categories may exclude some)`,
          );
      }
    }
  }

  const health = got(f, "Prowlarr", "health", p.health);
  if (health)
    for (const h of health.filter((x) => PROWLARR_HEALTH.has(x.source ?? "")))
      fail(
        f,
        healthLine("Prowlarr", h),
        h.wikiUrl ? `Follow ${h.wikiUrl}` : "See Prowlarr → System → Status",
      );

  return verdictOf(
    "prowlarr-indexers",
    title,
    f,
    `${plural(enabled, "indexer")} enabled and synced to Sonarr and Radarr`,
  );
}
