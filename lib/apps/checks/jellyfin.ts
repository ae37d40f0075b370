import type { CheckItem } from "@/lib/checks/types";
import type { AppsEvidence } from "../types";
import { fail, findings, got, normalizePath, plural, verdictOf } from "./common";

const LIBRARIES = [
  {
    type: "movies",
    path: "/data/media/movies",
    label: "Movies",
    count: "MovieCount",
    arr: "radarr",
  },
  { type: "tvshows", path: "/data/media/tv", label: "Shows", count: "SeriesCount", arr: "sonarr" },
] as const;

/** Imports known from an *arr's history, or undefined when its history was not read. */
function importsOf(ev: AppsEvidence, app: "sonarr" | "radarr"): number | undefined {
  const h = ev.history?.[app];
  return h?.ok ? h.data.length : undefined;
}

/**
 * "Jellyfin library scan finds media" (§8): a `movies` library on /data/media/movies and a
 * `tvshows` library on /data/media/tv; items counted. A zero count fails only when Radarr/Sonarr
 * have imported something (else there is nothing to find yet: could-not-check).
 * @see app-apis.md §3
 */
export function jellyfinCheck(ev: AppsEvidence): CheckItem {
  const title = "Jellyfin library scan finds media";
  const f = findings();
  const j = ev.jellyfin;
  if (j.info.ok && j.info.data.Version) f.evidence.push(`Jellyfin ${j.info.data.Version}`);
  const folders = got(f, "Jellyfin", "libraries", j.folders);
  const counts = got(f, "Jellyfin", "item counts", j.counts);
  if (folders) {
    for (const lib of LIBRARIES) {
      const found = folders.find(
        (v) =>
          v.CollectionType === lib.type &&
          (v.Locations ?? []).some((l) => normalizePath(l) === lib.path),
      );
      if (!found) {
        const sameType = folders.filter((v) => v.CollectionType === lib.type);
        fail(
          f,
          sameType.length > 0
            ? `Jellyfin's ${lib.type} librar${sameType.length > 1 ? "ies" : "y"} ${sameType.map((v) => `"${v.Name}" (${(v.Locations ?? []).join(", ") || "no folders"})`).join(", ")} do${sameType.length > 1 ? "" : "es"} not include ${lib.path}`
            : `Jellyfin has no ${lib.type} library on ${lib.path}`,
          `Add ${lib.path} to a ${lib.label} library in Jellyfin (Dashboard → Libraries) and scan it`,
        );
        continue;
      }
      f.evidence.push(`Library "${found.Name}" (${lib.type}) on ${lib.path}`);
      if (!counts) continue;
      const n = counts[lib.count] ?? 0;
      const imported = importsOf(ev, lib.arr);
      if (n > 0) f.evidence.push(`${lib.count} ${n}`);
      else if (imported && imported > 0)
        fail(
          f,
          `Jellyfin counts 0 ${lib.label.toLowerCase()} although ${lib.arr === "radarr" ? "Radarr" : "Sonarr"} imported ${plural(imported, "file")}`,
          `Scan the ${found.Name ?? lib.label} library in Jellyfin; check it can read ${lib.path}`,
        );
      else
        f.unsure.push(`Jellyfin counts 0 ${lib.label.toLowerCase()}: nothing imported yet to find`);
    }
  }
  return verdictOf(
    "jellyfin-library",
    title,
    f,
    counts
      ? `${counts.MovieCount ?? 0} movies, ${counts.SeriesCount ?? 0} series, ${counts.EpisodeCount ?? 0} episodes`
      : "Libraries on /data/media",
  );
}
