import { z } from "zod";
import type { Stack } from "@/lib/stack/types";
import { API_APPS, type ApiApp, type InClusterService } from "./types";

/**
 * Where the dashboard reaches each app, and the Secret keys each app needs.
 * In the cluster: `http://<Service>.<namespace>.svc:<Service port>` from the manifests; the local
 * simulation overrides one app with `ARR_APP_URL_<APP>` (e.g. ARR_APP_URL_SONARR). Homepage and
 * Uptime Kuma are not part of the stack: their URLs come from the dashboard's own configuration.
 */

export interface AppTarget {
  app: ApiApp;
  displayName: string;
  /** Base URL without a trailing slash. */
  baseUrl: string;
  /** The in-cluster Service (what the apps use to reach each other). */
  service: InClusterService;
}

export interface AppsConfig {
  targets: Partial<Record<ApiApp, AppTarget>>;
  homepageUrl?: string;
  uptimeKumaUrl?: string;
  /** True when ARR_UPTIME_KUMA_API_KEY is set (the value stays on the server). */
  uptimeKumaKeySet: boolean;
  /** Configuration mistakes (bad URLs), reported on the checklist rather than thrown. */
  problems: string[];
}

const UrlSchema = z
  .url({ protocol: /^https?$/ })
  .transform((u) => u.replace(/\/+$/, ""))
  .refine((u) => !new URL(u).username && !new URL(u).password, "must not carry credentials");

export const SECRET_NAME = "arr-api-keys";

function envUrl(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  problems: string[],
): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const parsed = UrlSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(`${name} is not an http(s) URL without credentials`);
    return undefined;
  }
  return parsed.data;
}

/**
 * The apps' base URLs from the stack's Services plus env overrides.
 * Env: ARR_APP_URL_<APP>, ARR_HOMEPAGE_URL, ARR_UPTIME_KUMA_URL, ARR_UPTIME_KUMA_API_KEY.
 */
export function appsConfig(
  stack: Pick<Stack, "namespace" | "apps">,
  env: Readonly<Record<string, string | undefined>>,
): AppsConfig {
  const problems: string[] = [];
  const targets: Partial<Record<ApiApp, AppTarget>> = {};
  for (const name of API_APPS) {
    const app = stack.apps.find((a) => a.name === name);
    if (!app) continue;
    const service = { name: app.serviceName, namespace: stack.namespace, port: app.port };
    const override = envUrl(env, `ARR_APP_URL_${name.toUpperCase()}`, problems);
    targets[name] = {
      app: name,
      displayName: app.displayName,
      baseUrl: override ?? `http://${service.name}.${service.namespace}.svc:${service.port}`,
      service,
    };
  }
  return {
    targets,
    homepageUrl: envUrl(env, "ARR_HOMEPAGE_URL", problems),
    uptimeKumaUrl: envUrl(env, "ARR_UPTIME_KUMA_URL", problems),
    uptimeKumaKeySet: Boolean(env.ARR_UPTIME_KUMA_API_KEY),
    problems,
  };
}
