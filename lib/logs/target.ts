/**
 * Which container log a request may read: only the stack's own pods and containers. The app
 * must be one of the manifests, the container one its Deployment's pod template names, and the
 * pod one of the app's live pods that runs that container. Anything else is refused with a
 * message saying which part is wrong. Pure: the route hands in the stack and the live snapshot.
 */
import { z } from "zod";
import type { ClusterView, ContainerView, PodTarget, PodView } from "@/lib/cluster/types";
import { fail, ok, type Result } from "@/lib/result";
import { appPods } from "@/lib/stack/pods";
import type { Stack } from "@/lib/stack/types";

/** A DNS-1123 subdomain (pod names) or label (container names). */
const PodNameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "not a pod name");
const ContainerNameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "not a container name");
const flag = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");

/** Bounds of one read: the first screen and a download. */
const LOG_TAIL_DEFAULT = 500;
const LOG_TAIL_MAX = 5000;
export const DOWNLOAD_TAIL_LINES = 20_000;
export const DOWNLOAD_LIMIT_BYTES = 8 * 1024 * 1024;

/** The query of GET /api/apps/[app]/logs (strict: an unknown parameter is an error). */
const LogQuerySchema = z.strictObject({
  pod: PodNameSchema.optional(),
  container: ContainerNameSchema.optional(),
  previous: flag.default(false),
  follow: flag.default(true),
  timestamps: flag.default(true),
  tail: z.coerce.number().int().min(0).max(LOG_TAIL_MAX).default(LOG_TAIL_DEFAULT),
  download: flag.default(false),
});
export type LogQuery = z.infer<typeof LogQuerySchema>;

/** Parses URLSearchParams with LogQuerySchema; a repeated parameter is `invalid` too. */
export function parseLogQuery(params: URLSearchParams): Result<{ query: LogQuery }> {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in raw) return fail("invalid", `parameter "${k}" given twice`);
    raw[k] = v;
  }
  const parsed = LogQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue?.path.join(".") || (issue?.code === "unrecognized_keys" ? issue.keys.join(", ") : "");
    return fail("invalid", `${where ? `${where}: ` : ""}${issue?.message ?? "invalid query"}`);
  }
  return ok({ query: parsed.data });
}

const PodTemplateSchema = z.object({
  spec: z.object({
    template: z.object({
      spec: z.object({
        containers: z.array(z.object({ name: z.string() })),
        initContainers: z.array(z.object({ name: z.string() })).optional(),
      }),
    }),
  }),
});

/** Container names the manifests give the app's Deployment (init containers included). */
export function manifestContainers(stack: Stack, app: string): string[] {
  const dep = stack.objects.find((o) => o.kind === "Deployment" && o.metadata.name === app);
  const parsed = PodTemplateSchema.safeParse(dep);
  if (!parsed.success) return [];
  const spec = parsed.data.spec.template.spec;
  return [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name);
}

export interface ResolvedLogTarget extends PodTarget {
  /** The live container (restart count tells whether a previous instance exists). */
  live: ContainerView;
}

/** The target, or `invalid` (a name that is not the stack's) / `not-found` (no pod right now). */
export type ResolveResult = Result<{ target: ResolvedLogTarget }>;

/** The pod a log view opens by default: the newest live (not terminating) pod of the app. */
function defaultPod(pods: readonly PodView[]): PodView | undefined {
  const live = pods.filter((p) => !p.deletionTimestamp);
  const pick = live.length ? live : [...pods];
  return pick.sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? ""))[0];
}

/**
 * Resolves app + optional pod and container to one container of the stack. Defaults: the app's
 * newest pod and its main container (named after the Deployment). `invalid` for a name that is
 * not the stack's; `not-found` when the app has no pod right now.
 */
export function resolveLogTarget(
  stack: Stack,
  cluster: Pick<ClusterView, "pods">,
  app: string,
  query: Pick<LogQuery, "pod" | "container">,
): ResolveResult {
  const stackApp = stack.apps.find((a) => a.name === app);
  if (!stackApp) return fail("invalid", `no app named "${app}" in the manifests`);
  const allowed = manifestContainers(stack, app);
  const container = query.container ?? stackApp.containerName ?? allowed[0];
  if (!container || !allowed.includes(container))
    return fail(
      "invalid",
      `"${query.container}" is not a container of ${app} (manifests: ${allowed.join(", ") || "none"})`,
    );
  const pods = appPods(stackApp, cluster.pods);
  const pod = query.pod === undefined ? defaultPod(pods) : pods.find((p) => p.name === query.pod);
  if (!pod) {
    if (query.pod !== undefined) return fail("invalid", `"${query.pod}" is not a pod of ${app}`);
    return fail("not-found", `${app} has no pod right now`);
  }
  const live = pod.containers.find((c) => c.name === container);
  if (!live) return fail("invalid", `pod ${pod.name} has no container "${container}"`);
  return ok({ target: { namespace: pod.namespace, pod: pod.name, container, live } });
}
