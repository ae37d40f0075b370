import type { CheckItem, CheckVerdict } from "@/lib/checks/types";
import type { Health } from "../schemas";
import type { Fetched, InClusterService } from "../types";

/**
 * Shared rules of the seven app checks: a verdict from collected fails/unsure/evidence lines,
 * path normalisation, and matching a configured URL or host against an in-cluster Service.
 */

export interface Findings {
  fails: string[];
  unsure: string[];
  evidence: string[];
  /** One line a person can act on, for the first fail. */
  fix?: string;
}

export const findings = (): Findings => ({ fails: [], unsure: [], evidence: [] });

/** Records a fail and, for the first one, its fix line. */
export function fail(f: Findings, line: string, fix: string): void {
  f.fails.push(line);
  f.fix ??= fix;
}

/**
 * The verdict: any fail → fail; else any unsure → could-not-check; else pass with `passSummary`.
 * The summary is the first fail (or unsure) line; `fix` says how to put it right.
 */
export function verdictOf(
  id: string,
  title: string,
  f: Findings,
  passSummary: string,
  href?: string,
): CheckItem {
  let verdict: CheckVerdict = "pass";
  let summary = passSummary;
  let evidence = f.evidence;
  if (f.fails.length > 0) {
    verdict = "fail";
    summary = f.fails[0] ?? "";
    evidence = [...f.fails, ...f.unsure, ...f.evidence];
  } else if (f.unsure.length > 0) {
    verdict = "could-not-check";
    summary = f.unsure[0] ?? "";
    evidence = [...f.unsure, ...f.evidence];
  }
  return {
    id,
    title,
    verdict,
    summary,
    evidence,
    ...(verdict === "pass" ? {} : { fix: f.fix ?? FIX_UNREACHABLE }),
    ...(href ? { href } : {}),
  };
}

const FIX_UNREACHABLE =
  "Check that the app is running and reachable, and that Secret media/arr-api-keys holds its key";

/**
 * Unwraps a fetch result. A failure goes into `unsure` as "<App>: <what>: <error>" (could not
 * check), except a rejected key or password (`unauthenticated`): the configuration is wrong, so
 * that is a fail naming the key.
 */
export function got<T>(f: Findings, app: string, what: string, r: Fetched<T>): T | undefined {
  if (r.ok) return r.data;
  if (r.code === "unauthenticated") {
    if (!f.fails.some((x) => x.endsWith(r.error)))
      fail(
        f,
        `${app}: ${r.error}`,
        `Put ${app}'s current key in Secret media/arr-api-keys (or let the app take it from there)`,
      );
    return undefined;
  }
  f.unsure.push(`${app}: ${what}: ${r.error}`);
  if (r.reason === "missing-credential") f.fix ??= r.error.replace(/ is not set.*$/, "") + FIX_KEY;
  return undefined;
}

const FIX_KEY = ": add it to Secret media/arr-api-keys (the *arr Deployments read the same key)";

/** "/data/media/tv/" → "/data/media/tv"; "" stays "". POSIX only, `..` segments resolved. */
export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, "/").split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return p.startsWith("/") || p.startsWith("\\") ? `/${parts.join("/")}` : parts.join("/");
}

/** True when `p` is `root` or below it (both normalised). */
export function isUnder(p: string, root: string): boolean {
  const a = normalizePath(p);
  const b = normalizePath(root);
  return a === b || a.startsWith(`${b}/`);
}

/** A provider field's value (`fields[]` of *arr download clients, indexers, applications). */
function field(
  fields: readonly { name?: string | null; value?: unknown }[],
  name: string,
): unknown {
  return fields.find((x) => x.name === name)?.value;
}

export function fieldText(
  fields: readonly { name?: string | null; value?: unknown }[],
  name: string,
): string | undefined {
  const v = field(fields, name);
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

/**
 * True when `host` names the Service: its first DNS label is the Service name and any further
 * labels are `<namespace>`, `svc`, `cluster.local` in that order ("sonarr", "sonarr.media",
 * "sonarr.media.svc", "sonarr.media.svc.cluster.local").
 */
export function hostIsService(host: string, svc: InClusterService): boolean {
  const labels = host.toLowerCase().replace(/\.$/, "").split(".");
  const want = [svc.name, svc.namespace, "svc", "cluster", "local"];
  if (labels.length === 0 || labels.length > want.length) return false;
  return labels.every((l, i) => l === want[i]);
}

/** True when `url` (e.g. a Prowlarr application's baseUrl) points at the Service and its port. */
export function urlIsService(url: string, svc: InClusterService): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const port = u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
  return hostIsService(u.hostname, svc) && port === svc.port;
}

export const serviceUrl = (svc: InClusterService): string =>
  `http://${svc.name}.${svc.namespace}.svc:${svc.port}`;

/** "RemotePathMappingCheck (error): message — wiki" */
export function healthLine(app: string, h: Health): string {
  return `${app} health ${h.source ?? "?"} (${h.type ?? "?"}): ${h.message ?? ""}${h.wikiUrl ? ` — ${h.wikiUrl}` : ""}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`;
