/**
 * Loads the desired state (k8s/media) into a validated, typed `Stack`.
 *
 * The source is a kustomization directory (only `resources` is implemented: files and
 * directories, recursively) or ONE rendered multi-document YAML file such as the output of
 * `kubectl kustomize k8s/overlays/mine`, so operators' overlays work without the dashboard
 * implementing kustomize. Everything else a kustomization can say is refused with a message
 * telling the operator to render it. File reads only; no cluster access.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import type { z } from "zod";
import { parseBytes, parseCpuMillis } from "@/lib/budget/quantity";
import {
  DeploymentSchema,
  HTTPRouteSchema,
  imageTag,
  KustomizationSchema,
  ManifestObjectSchema,
  PersistentVolumeClaimSchema,
  PersistentVolumeSchema,
  ServiceSchema,
  STACK_KINDS,
  type Container,
  type Deployment,
  type HTTPRoute,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Service,
} from "./schemas";
import type { DataVolume, ManifestObject, Stack, StackApp } from "./types";

/** Where the manifests are when neither an argument nor ARR_MANIFESTS says otherwise. */
const DEFAULT_MANIFESTS = "k8s/media";

const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/** Every problem found, each naming its file, object and field. */
export class StackLoadError extends Error {
  override name = "StackLoadError";
  constructor(
    readonly source: string,
    readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(
      `Cannot load the stack from ${source}:\n${issues.map((i) => `  - ${i}`).join("\n")}`,
      options,
    );
  }
}

/** A document read from the manifests, with the file it came from. */
export interface SourceDocument {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  value: unknown;
}

/**
 * Loads and validates the stack from `source`, else $ARR_MANIFESTS, else ./k8s/media.
 * Throws StackLoadError listing every problem.
 */
export function loadStack(source?: string): Stack {
  // The manifests are runtime data (ARR_MANIFESTS), not part of the build: the comments keep
  // Next's file tracing from copying the whole project into .next/standalone.
  const root = path.resolve(
    /* turbopackIgnore: true */ source ?? process.env.ARR_MANIFESTS ?? DEFAULT_MANIFESTS,
  );
  const display = displayPath(root);
  const documents = readSource(root, display);
  return buildStack(documents, display);
}

/**
 * Reads every YAML document of a kustomization directory (resources only) or of one file,
 * without validating them as a stack (e.g. for k8s/dashboard).
 */
export function readManifests(source: string): SourceDocument[] {
  const root = path.resolve(/* turbopackIgnore: true */ source);
  return readSource(root, displayPath(root));
}

function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

function readSource(root: string, display: string): SourceDocument[] {
  let stat;
  try {
    stat = statSync(/* turbopackIgnore: true */ root);
  } catch (cause) {
    throw new StackLoadError(
      display,
      [`${display}: cannot read it (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`],
      { cause },
    );
  }
  if (stat.isDirectory()) return readKustomization(root, [], display);
  if (KUSTOMIZATION_FILES.includes(path.basename(root)))
    return readKustomization(path.dirname(root), [], display);
  return readYamlFile(root, display);
}

function findKustomization(dir: string): string | undefined {
  for (const f of KUSTOMIZATION_FILES) {
    const candidate = path.join(/* turbopackIgnore: true */ dir, f);
    try {
      if (statSync(/* turbopackIgnore: true */ candidate).isFile()) return candidate;
    } catch {
      // try the next name
    }
  }
  return undefined;
}

function readKustomization(dir: string, chain: string[], display: string): SourceDocument[] {
  const file = findKustomization(dir);
  if (!file)
    throw new StackLoadError(display, [`${displayPath(dir)}: directory has no kustomization.yaml`]);
  const shown = displayPath(file);
  if (chain.includes(dir)) {
    throw new StackLoadError(display, [
      `${shown}: resources form a cycle (${[...chain, dir].map(displayPath).join(" → ")})`,
    ]);
  }
  const docs = readYamlFile(file, display);
  if (docs.length !== 1)
    throw new StackLoadError(display, [
      `${shown}: expected one YAML document, found ${docs.length}`,
    ]);
  const parsed = KustomizationSchema.safeParse(docs[0]?.value);
  if (!parsed.success) {
    const unsupported = parsed.error.issues.flatMap((i) =>
      i.code === "unrecognized_keys" ? i.keys : [],
    );
    const issues = unsupported.length
      ? [
          `${shown}: ${unsupported.map((k) => `\`${k}\``).join(", ")} ${unsupported.length > 1 ? "are" : "is"} not implemented by the dashboard's loader (it reads \`resources\` only). ` +
            `Render the overlay to one file with \`kubectl kustomize ${displayPath(dir)} > stack.yaml\` and set ARR_MANIFESTS to that file.`,
        ]
      : [];
    issues.push(
      ...formatIssues(
        shown,
        undefined,
        parsed.error.issues.filter((i) => i.code !== "unrecognized_keys"),
      ),
    );
    throw new StackLoadError(display, issues);
  }
  const out: SourceDocument[] = [];
  for (const entry of parsed.data.resources) {
    if (
      /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
      entry.includes("?ref=") ||
      /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry)
    ) {
      throw new StackLoadError(display, [
        `${shown}: resource "${entry}" is remote; the loader reads local files only. Render with \`kubectl kustomize\` and set ARR_MANIFESTS to the output.`,
      ]);
    }
    const target = path.resolve(/* turbopackIgnore: true */ dir, entry);
    let stat;
    try {
      stat = statSync(/* turbopackIgnore: true */ target);
    } catch (cause) {
      throw new StackLoadError(
        display,
        [`${shown}: resource "${entry}" does not exist (${displayPath(target)})`],
        { cause },
      );
    }
    if (stat.isDirectory()) out.push(...readKustomization(target, [...chain, dir], display));
    else out.push(...readYamlFile(target, display));
  }
  return out;
}

function readYamlFile(file: string, display: string): SourceDocument[] {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(/* turbopackIgnore: true */ file, "utf8");
  } catch (cause) {
    throw new StackLoadError(
      display,
      [`${shown}: cannot read it (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`],
      { cause },
    );
  }
  const out: SourceDocument[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    if ("errors" in doc && doc.errors.length) {
      const e = doc.errors[0];
      const where = e?.linePos?.[0] ? `line ${e.linePos[0].line}: ` : "";
      throw new StackLoadError(
        display,
        [
          `${shown}: ${where}invalid YAML (${e?.code ?? "error"}: ${e?.message.split("\n")[0] ?? ""})`,
        ],
        { cause: e },
      );
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return; // an empty document ("---" at the end)
    // `kubectl get -o yaml` style lists are flattened.
    if (isRecord(value) && value.kind === "List" && Array.isArray(value.items)) {
      for (const item of value.items) out.push({ file: shown, index, value: item });
    } else out.push({ file: shown, index, value });
  });
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function formatIssues(
  file: string,
  object: string | undefined,
  issues: readonly z.core.$ZodIssue[],
): string[] {
  return issues.map((i) => {
    const field = i.path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "");
    return `${file}${object ? ` ${object}` : ""}${field ? `: ${field}` : ""}: ${i.message}`;
  });
}

interface Located<T> {
  file: string;
  id: string;
  raw: ManifestObject;
  parsed: T;
}

const KIND_ORDER = new Map<string, number>(STACK_KINDS.map((k, i) => [k.kind, i]));

/**
 * Validates documents and derives the Stack (pure: the tests feed it fixtures).
 * @param source what to call the source in messages
 */
export function buildStack(documents: readonly SourceDocument[], source = "manifests"): Stack {
  const issues: string[] = [];
  const objects: { file: string; raw: ManifestObject }[] = [];
  const seen = new Map<string, string>();

  for (const doc of documents) {
    const base = ManifestObjectSchema.safeParse(doc.value);
    if (!base.success) {
      issues.push(
        ...formatIssues(`${doc.file} (document ${doc.index + 1})`, undefined, base.error.issues),
      );
      continue;
    }
    const raw = doc.value as ManifestObject;
    const id = `${raw.kind}/${raw.metadata.name}`;
    const def = STACK_KINDS.find((k) => k.kind === raw.kind);
    if (!def) {
      issues.push(
        `${doc.file} ${id}: kind ${raw.kind} is not part of the stack (allowed: ${STACK_KINDS.map((k) => k.kind).join(", ")}); the dashboard may only apply these`,
      );
      continue;
    }
    if (raw.apiVersion !== def.apiVersion)
      issues.push(`${doc.file} ${id}: apiVersion must be ${def.apiVersion}, not ${raw.apiVersion}`);
    if (!def.namespaced && raw.metadata.namespace !== undefined)
      issues.push(
        `${doc.file} ${id}: metadata.namespace must be left out (${raw.kind} is cluster-scoped)`,
      );
    if (def.namespaced && raw.metadata.namespace === undefined)
      issues.push(
        `${doc.file} ${id}: metadata.namespace is required (objects are applied as written)`,
      );
    const key = `${id}@${raw.metadata.namespace ?? ""}`;
    const previous = seen.get(key);
    if (previous) issues.push(`${doc.file} ${id}: defined twice (also in ${previous})`);
    seen.set(key, doc.file);
    const checked = def.schema.safeParse(raw);
    if (!checked.success) issues.push(...formatIssues(doc.file, id, checked.error.issues));
    objects.push({ file: doc.file, raw });
  }
  if (issues.length) throw new StackLoadError(source, issues);

  const ofKind = <T>(kind: string, schema: z.ZodType<T>): Located<T>[] =>
    objects
      .filter((o) => o.raw.kind === kind)
      .map((o) => ({
        file: o.file,
        id: `${kind}/${o.raw.metadata.name}`,
        raw: o.raw,
        parsed: schema.parse(o.raw),
      }));

  const namespaces = objects.filter((o) => o.raw.kind === "Namespace");
  const pvs = ofKind<PersistentVolume>("PersistentVolume", PersistentVolumeSchema);
  const pvcs = ofKind<PersistentVolumeClaim>("PersistentVolumeClaim", PersistentVolumeClaimSchema);
  const deployments = ofKind<Deployment>("Deployment", DeploymentSchema);
  const services = ofKind<Service>("Service", ServiceSchema);
  const routes = ofKind<HTTPRoute>("HTTPRoute", HTTPRouteSchema);

  if (namespaces.length !== 1)
    issues.push(`${source}: expected exactly one Namespace, found ${namespaces.length}`);
  if (pvs.length !== 1)
    issues.push(
      `${source}: expected exactly one PersistentVolume (the shared NFS volume), found ${pvs.length}`,
    );
  if (deployments.length === 0) issues.push(`${source}: no Deployment found`);
  if (issues.length) throw new StackLoadError(source, issues);

  const ns = namespaces[0]!.raw.metadata.name;
  for (const o of objects) {
    if (o.raw.metadata.namespace !== undefined && o.raw.metadata.namespace !== ns) {
      issues.push(
        `${o.file} ${o.raw.kind}/${o.raw.metadata.name}: metadata.namespace is "${o.raw.metadata.namespace}", the stack's namespace is "${ns}"`,
      );
    }
  }

  const pv = pvs[0]!;
  const dataClaims = pvcs.filter((c) => claimTargetsVolume(c.parsed, pv.parsed));
  if (dataClaims.length !== 1) {
    issues.push(
      `${pv.file} ${pv.id}: expected exactly one PersistentVolumeClaim bound to it (spec.volumeName, or a spec.selector matching its labels with the same storageClassName), found ${dataClaims.length}`,
    );
    throw new StackLoadError(source, issues);
  }
  const dataClaim = dataClaims[0]!;

  const apps: StackApp[] = [];
  const dataMountPaths = new Set<string>();
  for (const d of deployments) {
    const app = deriveApp(d, { pvcs, services, routes, dataClaim }, issues);
    if (app) {
      apps.push(app.app);
      if (app.dataMountPath) dataMountPaths.add(app.dataMountPath);
    }
  }
  if (dataMountPaths.size === 0 && issues.length === 0)
    issues.push(
      `${source}: no Deployment mounts the shared data claim ${dataClaim.parsed.metadata.name}`,
    );
  if (dataMountPaths.size > 1)
    issues.push(
      `${source}: the data claim is mounted at different paths (${[...dataMountPaths].join(", ")}); hardlink checks need one path in every pod`,
    );
  if (issues.length) throw new StackLoadError(source, issues);

  const spec = pv.parsed.spec;
  const dataVolume: DataVolume = {
    pvName: pv.parsed.metadata.name,
    pvcName: dataClaim.parsed.metadata.name,
    server: spec.nfs.server,
    path: spec.nfs.path,
    mountOptions: spec.mountOptions ?? [],
    capacity: String(spec.capacity.storage),
    reclaimPolicy: spec.persistentVolumeReclaimPolicy,
    storageClassName: spec.storageClassName,
    mountPath: [...dataMountPaths][0]!,
  };

  const ordered = objects
    .map((o, i) => ({ o, i }))
    .sort(
      (a, b) =>
        (KIND_ORDER.get(a.o.raw.kind) ?? 99) - (KIND_ORDER.get(b.o.raw.kind) ?? 99) || a.i - b.i,
    )
    .map(({ o }) => o.raw);

  return { namespace: ns, apps, dataVolume, objects: ordered, source };
}

/** A claim binds a static PV by name, or by a label selector plus the same class. */
function claimTargetsVolume(claim: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  if (claim.spec.volumeName !== undefined) return claim.spec.volumeName === pv.metadata.name;
  const match = claim.spec.selector?.matchLabels;
  if (!match || Object.keys(match).length === 0) return false;
  const labels = pv.metadata.labels ?? {};
  return (
    claim.spec.storageClassName === pv.spec.storageClassName &&
    Object.entries(match).every(([k, v]) => labels[k] === v)
  );
}

interface Related {
  pvcs: Located<PersistentVolumeClaim>[];
  services: Located<Service>[];
  routes: Located<HTTPRoute>[];
  dataClaim: Located<PersistentVolumeClaim>;
}

function deriveApp(
  d: Located<Deployment>,
  rel: Related,
  issues: string[],
): { app: StackApp; dataMountPath?: string } | undefined {
  const where = `${d.file} ${d.id}`;
  const name = d.parsed.metadata.name;
  const before = issues.length;
  if (d.parsed.metadata.labels["app.kubernetes.io/name"] !== name) {
    issues.push(
      `${where}: metadata.labels["app.kubernetes.io/name"] must equal the Deployment name "${name}"`,
    );
  }
  const podSpec = d.parsed.spec.template.spec;
  const containers = podSpec.containers;
  const container: Container = containers.find((c) => c.name === name) ?? containers[0]!;
  const claimOf = new Map<string, string>();
  for (const v of podSpec.volumes ?? [])
    if (v.persistentVolumeClaim) claimOf.set(v.name, v.persistentVolumeClaim.claimName);

  let configClaim: Located<PersistentVolumeClaim> | undefined;
  let dataMountPath: string | undefined;
  (container.volumeMounts ?? []).forEach((m, i) => {
    const claimName = claimOf.get(m.name);
    if (claimName === undefined) return;
    const field = `spec.template.spec.containers[${containers.indexOf(container)}].volumeMounts[${i}]`;
    if (claimName === rel.dataClaim.parsed.metadata.name) {
      if (m.subPath !== undefined)
        issues.push(
          `${where}: ${field}.subPath must be left out: the whole data claim is mounted so hardlinks work between torrents/ and media/`,
        );
      dataMountPath = m.mountPath;
      return;
    }
    const claim = rel.pvcs.find((c) => c.parsed.metadata.name === claimName);
    if (!claim) {
      issues.push(`${where}: ${field} uses claim "${claimName}", which is not in the manifests`);
      return;
    }
    if (m.mountPath === "/config") configClaim = claim;
  });
  if (!configClaim)
    issues.push(
      `${where}: container "${container.name}" must mount a PersistentVolumeClaim from the manifests at /config`,
    );

  const labels = d.parsed.spec.template.metadata.labels;
  const matching = rel.services.filter((s) =>
    Object.entries(s.parsed.spec.selector).every(([k, v]) => labels[k] === v),
  );
  if (matching.length !== 1) {
    issues.push(
      `${where}: expected exactly one Service selecting its pods, found ${matching.length}${matching.length ? ` (${matching.map((s) => s.id).join(", ")})` : ""}`,
    );
  }
  const service = matching[0];
  let port: number | undefined;
  if (service) {
    const ports = service.parsed.spec.ports.filter((p) => {
      const target = p.targetPort ?? p.port;
      return container.ports.some((cp) =>
        typeof target === "number" ? cp.containerPort === target : cp.name === target,
      );
    });
    const chosen = ports.find((p) => p.name === "http") ?? ports[0];
    if (!chosen)
      issues.push(`${service.file} ${service.id}: no port targets a containerPort of ${d.id}`);
    port = chosen?.port;
  }

  const route = service
    ? rel.routes.find((r) =>
        r.parsed.spec.rules.some((rule) =>
          rule.backendRefs.some((b) => b.name === service.parsed.metadata.name),
        ),
      )
    : undefined;
  if (issues.length > before || !configClaim || !service || port === undefined) return undefined;

  const annotations = {
    ...(d.parsed.metadata.annotations ?? {}),
    ...(route?.parsed.metadata.annotations ?? {}),
  };
  const version = imageTag(container.image)!;
  const claimSpec = configClaim.parsed.spec;
  const res = container.resources;
  const app: StackApp = {
    name,
    displayName: annotations["gethomepage.dev/name"] ?? name,
    image: container.image,
    version,
    port,
    host: route?.parsed.spec.hostnames[0],
    routeName: route?.parsed.metadata.name,
    serviceName: service.parsed.metadata.name,
    configClaim: {
      name: configClaim.parsed.metadata.name,
      storageClassName: claimSpec.storageClassName,
      sizeBytes: parseBytes(claimSpec.resources.requests.storage),
      size: String(claimSpec.resources.requests.storage),
    },
    mountsData: dataMountPath !== undefined,
    requests: {
      cpuMillis: parseCpuMillis(res.requests.cpu),
      memoryBytes: parseBytes(res.requests.memory),
    },
    limits: {
      cpuMillis: parseCpuMillis(res.limits.cpu),
      memoryBytes: parseBytes(res.limits.memory),
    },
    homepageWidget: annotations["gethomepage.dev/widget.type"],
    icon: annotations["gethomepage.dev/icon"],
    selector: { ...d.parsed.spec.selector.matchLabels },
    containerName: container.name,
  };
  if (app.host === undefined) delete app.host;
  if (app.routeName === undefined) delete app.routeName;
  if (app.homepageWidget === undefined) delete app.homepageWidget;
  if (app.icon === undefined) delete app.icon;
  return { app, dataMountPath };
}
