import { describe, expect, it } from "vitest";
import { valueImports } from "./value-imports";

const PKG = "@kubernetes/client-node";
const scan = (text: string) => [...valueImports("x.ts", text, PKG)].sort();

describe("valueImports", () => {
  it("keeps values and drops types, aliases resolved to the exported name", () => {
    expect(
      scan(`
        import { CoreV1Api, type V1Pod, KubeConfig as KC } from "${PKG}";
        import type { V1Node } from "${PKG}";
        import { other } from "somewhere-else";
        export { Watch, type V1Status } from "${PKG}";
        export type { V1Service } from "${PKG}";
      `),
    ).toEqual(["CoreV1Api", "KubeConfig", "Watch"]);
  });

  it("finds nothing in a module that only imports types", () => {
    expect(scan(`import type { V1Pod } from "${PKG}"; const x = 1;`)).toEqual([]);
  });

  it.each([
    [`import * as k8s from "${PKG}";`, "import \\* as"],
    [`import k8s from "${PKG}";`, "default import"],
    [`export * from "${PKG}";`, "export \\*"],
    [`async function f() { return import("${PKG}"); }`, "dynamic import"],
  ])("refuses %s, naming the line", (text, reason) => {
    expect(() => scan(`\n${text}`)).toThrow(new RegExp(`x\\.ts:2: .*${reason}`));
  });
});
