// Calling server actions over HTTP the way React does (POST with a Next-Action header and the
// arguments as a JSON array), with IDs read from the build's server-reference manifest.
import { readFileSync } from "node:fs";
import type { APIRequestContext, APIResponse } from "@playwright/test";

export interface ActionRef {
  id: string;
  name: string;
  file: string;
  /**
   * A page that imports the action (e.g. "/apps/sonarr"). Next runs an action only when it is
   * posted to a page whose bundle has it: posted elsewhere, it answers 200 with a bare `{}` and
   * the action never runs (measured with Next 16.0: forceDeletePod posted to /deploy).
   */
  page: string;
}

/** "app/apps/[app]/page" → "/apps/sonarr"; "app/page" → "/". */
function pagePath(worker: string): string {
  const path = worker
    .replace(/^app/, "")
    .replace(/\/page$/, "")
    .replace("[app]", "sonarr");
  return path === "" ? "/" : path;
}

/** Every server action of the build (run `npm run build` first). */
export function serverActions(): ActionRef[] {
  const manifest = JSON.parse(
    readFileSync(".next/server/server-reference-manifest.json", "utf8"),
  ) as {
    node: Record<
      string,
      { filename?: string; exportedName?: string; workers?: Record<string, unknown> }
    >;
  };
  return Object.entries(manifest.node).map(([id, v]) => {
    const worker = Object.keys(v.workers ?? {}).find((w) => !w.includes("_not-found"));
    if (!worker) throw new Error(`server action ${v.exportedName ?? id} is on no page`);
    return {
      id,
      name: v.exportedName ?? "?",
      file: v.filename ?? "?",
      page: pagePath(worker),
    };
  });
}

/** The ID of the server action exported as `name` (throws if the build has none). */
export function actionId(name: string): string {
  const a = serverActions().find((x) => x.name === name);
  if (!a) throw new Error(`no server action ${name} in the build`);
  return a.id;
}

export interface PostOptions {
  origin?: string | null;
  contentType?: string;
  path?: string;
  headers?: Record<string, string>;
}

/** POSTs a raw body to an action. `origin: null` sends none. */
export function postAction(
  request: APIRequestContext,
  baseURL: string,
  id: string,
  body: string | Buffer,
  o: PostOptions = {},
): Promise<APIResponse> {
  const headers: Record<string, string> = {
    "next-action": id,
    accept: "text/x-component",
    "content-type": o.contentType ?? "text/plain;charset=UTF-8",
    ...o.headers,
  };
  if (o.origin !== null) headers.origin = o.origin ?? baseURL;
  return request.post(`${baseURL}${o.path ?? "/deploy"}`, { headers, data: body, maxRedirects: 0 });
}

/** The action's own result from an RSC response body (`1:{...}` line), if there is one. */
export function actionResult(text: string): { ok: boolean; error?: string } | undefined {
  for (const line of text.split("\n")) {
    const m = /^1:(\{.*\})$/.exec(line);
    if (m) return JSON.parse(m[1]!) as { ok: boolean; error?: string };
  }
  return undefined;
}
