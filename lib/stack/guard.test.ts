import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { hardlinkAuditCommand } from "@/lib/hardlinks/command";
import { nfsProbeCommand } from "@/lib/nfs/probe";
import { allowedExecCommands, execCommandCondition, guardParams } from "./guard";
import { loadStack } from "./load";

const stack = loadStack(path.resolve("k8s/media"));
type Doc = {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { validations?: { expression: string }[] };
};
const policyFile = parseAllDocuments(
  readFileSync(path.resolve("k8s/dashboard/admission-policy.yaml"), "utf8"),
).map((d) => d.toJSON() as Doc);

describe("the admission policies follow the code and the manifests", () => {
  it("allow exactly the audit's and the probe's argv for exec (regenerate: npm run -s policy:exec)", () => {
    const policy = policyFile.find(
      (d) => d.kind === "ValidatingAdmissionPolicy" && d.metadata.name === "arr-dashboard-exec",
    );
    const expressions = policy?.spec?.validations?.map((v) => v.expression.trim()) ?? [];
    expect(expressions).toContain(execCommandCondition(stack));
  });

  it("list every command the checks run, and nothing a user could add", () => {
    const commands = allowedExecCommands(stack);
    expect(commands).toContainEqual(hardlinkAuditCommand("/data"));
    expect(commands).toContainEqual(nfsProbeCommand("/data", ["/data/torrents"]));
    expect(commands).toContainEqual(nfsProbeCommand("/data", ["/data/media/tv"]));
    expect(commands).toContainEqual(nfsProbeCommand("/data", []));
    expect(commands.every((c) => c[0] === "find" || c[0] === "sh")).toBe(true);
  });

  it("take their names, images and hostnames from k8s/media (the guard ConfigMap)", () => {
    const cm = policyFile.find(
      (d) => d.kind === "ConfigMap" && d.metadata.name === "arr-dashboard-guard",
    );
    expect(cm?.data).toMatchObject(guardParams(stack));
    expect(guardParams(stack).deployments?.split(" ")).toEqual([
      "jellyfin",
      "prowlarr",
      "qbittorrent",
      "radarr",
      "sonarr",
    ]);
  });
});

describe("the dashboard's RBAC narrows patch to the stack's names", () => {
  type Rule = {
    apiGroups: string[];
    resources: string[];
    resourceNames?: string[];
    verbs: string[];
  };
  const media = parseAllDocuments(readFileSync(path.resolve("k8s/dashboard/rbac.yaml"), "utf8"))
    .map((d) => d.toJSON() as { kind: string; metadata: { name: string }; rules?: Rule[] })
    .find((d) => d.kind === "ClusterRole" && d.metadata.name === "arr-dashboard-media");
  const names = (kind: string) =>
    stack.objects
      .filter((o) => o.kind === kind)
      .map((o) => o.metadata.name)
      .sort();
  it.each([
    ["deployments", "Deployment"],
    ["deployments/scale", "Deployment"],
    ["services", "Service"],
    ["persistentvolumeclaims", "PersistentVolumeClaim"],
    ["httproutes", "HTTPRoute"],
    ["ciliumnetworkpolicies", "CiliumNetworkPolicy"],
  ])("%s: patch only by the names of the stack's %s objects", (resource, kind) => {
    const patching = (media?.rules ?? []).filter(
      (r) => r.resources.includes(resource) && r.verbs.includes("patch"),
    );
    expect(patching.length).toBeGreaterThan(0);
    for (const r of patching) expect([...(r.resourceNames ?? [])].sort()).toEqual(names(kind));
  });
});
