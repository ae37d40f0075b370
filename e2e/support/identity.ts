// Gives the dashboard under benchmark its own identity, so the API server's own metrics can
// attribute requests to it: the real ServiceAccount and least-privilege RBAC of k8s/dashboard
// (plus the stack's RoleBinding from k8s/media), a token from the TokenRequest API, and an API
// Priority and Fairness FlowSchema matching only that ServiceAccount. Every request the
// dashboard makes is then counted in apiserver_flowcontrol_dispatched_requests_total under
// flow_schema="arr-dashboard-bench" — requests by the controller-manager, scheduler, KWOK and
// this script are not.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
} from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";

const FLOW_SCHEMA = "arr-dashboard-bench";
const SA = { namespace: "arr-dashboard", name: "arr-dashboard" };

function adminConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

function docs(file: string): KubernetesObject[] {
  return parseAllDocuments(readFileSync(file, "utf8"))
    .map((d) => d.toJSON() as KubernetesObject | null)
    .filter((d): d is KubernetesObject => !!d && typeof d === "object" && "kind" in d);
}

/** Applies the dashboard's namespace, ServiceAccount and RBAC, and the FlowSchema; returns a kubeconfig path. */
export async function benchIdentity(dir: string): Promise<string> {
  const kc = adminConfig();
  const api = KubernetesObjectApi.makeApiClient(kc);
  const objects = [
    ...docs("k8s/dashboard/namespace.yaml"),
    ...docs("k8s/dashboard/serviceaccount.yaml"),
    ...docs("k8s/dashboard/rbac.yaml"),
    {
      apiVersion: "flowcontrol.apiserver.k8s.io/v1",
      kind: "FlowSchema",
      metadata: { name: FLOW_SCHEMA },
      spec: {
        // Precedence 2 ties with the built-in "probes" schema and wins on name order, so the
        // dashboard's /readyz probes are attributed to it as well.
        matchingPrecedence: 2,
        priorityLevelConfiguration: { name: "workload-low" },
        distinguisherMethod: { type: "ByUser" },
        rules: [
          {
            subjects: [{ kind: "ServiceAccount", serviceAccount: SA }],
            resourceRules: [
              {
                verbs: ["*"],
                apiGroups: ["*"],
                resources: ["*"],
                namespaces: ["*"],
                clusterScope: true,
              },
            ],
            nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
          },
        ],
      },
    },
  ];
  for (const o of objects) {
    await api.patch(
      o,
      undefined,
      undefined,
      "arr-dashboard-bench",
      true,
      PatchStrategy.ServerSideApply,
    );
  }
  const token = await kc.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name: SA.name,
    namespace: SA.namespace,
    body: { spec: { expirationSeconds: 7200, audiences: [] } },
  });
  const cluster = kc.getCurrentCluster();
  if (!cluster || !token.status?.token) throw new Error("no cluster or token");
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: [{ ...cluster, name: "bench" }],
    users: [{ name: SA.name, token: token.status.token }],
    contexts: [{ name: "bench", cluster: "bench", user: SA.name }],
    currentContext: "bench",
  });
  const file = path.join(dir, "bench-kubeconfig.yaml");
  writeFileSync(file, out.exportConfig(), { mode: 0o600 });
  return file;
}

/** Requests dispatched for the dashboard's identity so far (from kube-apiserver /metrics). */
export async function dashboardRequests(): Promise<number> {
  const text = await metricsText(adminConfig());
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith("apiserver_flowcontrol_dispatched_requests_total{")) continue;
    if (!line.includes(`flow_schema="${FLOW_SCHEMA}"`)) continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    total += value;
  }
  return total;
}

async function metricsText(kc: KubeConfig): Promise<string> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("no cluster");
  const opts: import("node:https").RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const https = await import("node:https");
  return new Promise((resolve, reject) => {
    const req = https.request(`${cluster.server}/metrics`, { ...opts, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () =>
        res.statusCode === 200
          ? resolve(body)
          : reject(new Error(`/metrics answered ${res.statusCode}`)),
      );
    });
    req.on("error", reject);
    req.end();
  });
}
