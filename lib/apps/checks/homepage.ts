import type { CheckItem } from "@/lib/checks/types";
import type { HomepageGroup } from "../schemas";
import type { AppsEvidence } from "../types";
import { fail, findings, got, verdictOf } from "./common";

/** Every service of a Homepage group tree, with the group it sits in. */
export function homepageServices(
  groups: readonly HomepageGroup[],
): { group: string; service: string; types: string[] }[] {
  return groups.flatMap((g) => [
    ...g.services.map((s) => ({
      group: g.name,
      service: s.name,
      types: s.widgets.map((w) => w.type),
    })),
    ...homepageServices(g.groups),
  ]);
}

/** The proxy endpoint Homepage's own UI calls for each widget type (app-apis.md §6). */
export const WIDGET_ENDPOINT: Record<string, string> = {
  sonarr: "queue",
  radarr: "queue/status",
  prowlarr: "indexerstats",
  qbittorrent: "torrents",
  jellyfin: "Count",
};

/**
 * "Homepage entries functional" (§8): for every stack app with a native widget, a Homepage service
 * with that widget type, whose widget proxy call answered 200 JSON.
 */
export function homepageCheck(
  ev: AppsEvidence,
  expected: readonly { displayName: string; widget: string }[],
): CheckItem {
  const title = "Homepage entries functional";
  const f = findings();
  const groups = got(f, "Homepage", "services", ev.homepage.services);
  if (groups) {
    const services = homepageServices(groups);
    for (const app of expected) {
      const svc = services.find((s) => s.types.includes(app.widget));
      if (!svc) {
        fail(
          f,
          `Homepage has no service with a ${app.widget} widget (${app.displayName})`,
          `Add ${app.displayName} to Homepage's services.yaml with widget type ${app.widget}, or annotate its HTTPRoute (gethomepage.dev/widget.type)`,
        );
        continue;
      }
      const w = ev.homepage.widgets.find(
        (x) => x.group === svc.group && x.service === svc.service && x.type === app.widget,
      );
      if (!w) f.unsure.push(`${app.displayName}: widget not called`);
      else if (!w.result.ok)
        fail(
          f,
          `Homepage's ${app.widget} widget "${svc.group}/${svc.service}": ${w.result.error}`,
          app.widget === "qbittorrent"
            ? "Check the widget's url, username and password (Homepage's qbittorrent widget expects 200 \"Ok.\" from login, which qBittorrent ≥ 5.2 no longer sends)"
            : `Check the widget's url and key for ${app.displayName} in Homepage`,
        );
      else f.evidence.push(`${svc.group}/${svc.service}: ${app.widget} widget answers`);
    }
  }
  return verdictOf(
    "homepage-entries",
    title,
    f,
    `${expected.length} app widgets present and answering`,
  );
}
