import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scanStandalone, standaloneProblem } from "./standalone-guard";

let dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "arr-standalone-"));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

const CLEAN = {
  "server.js": "// server",
  ".next/server/app/page.js": "x".repeat(1000),
  "node_modules/zod/index.js": "y",
  "node_modules/some-pkg/index.test.js": "a package's own test is its business",
};

describe("the standalone guard (scripts/finish-build.mjs step 3)", () => {
  it("passes a clean tree and counts its size", () => {
    const r = scanStandalone(tree(CLEAN));
    expect(r.forbidden).toEqual([]);
    expect(r.files).toBe(4);
    expect(standaloneProblem(r)).toBeNull();
  });

  it("finds .local (auth.json), .git, e2e and the project's test files anywhere in the tree", () => {
    const r = scanStandalone(
      tree({
        ...CLEAN,
        ".local/auth.json": '{"passwordHash":"…","sessionSecret":"…"}',
        ".next/standalone-copy/.local/arr-dev/pki/ca.key": "key",
        ".git/HEAD": "ref",
        "e2e/integration/x.int.test.ts": "",
        "lib/stack/load.test.ts": "",
      }),
    );
    expect(r.forbidden.sort()).toEqual(
      [".git", ".local", ".next/standalone-copy/.local", "e2e", "lib/stack/load.test.ts"].sort(),
    );
    expect(standaloneProblem(r)).toMatch(/holds local state or test files: .*\.local/);
  });

  it("fails a tree over its size budget", () => {
    const r = scanStandalone(tree({ ...CLEAN, "big.bin": "z".repeat(5000) }));
    expect(standaloneProblem(r, 4000)).toMatch(/over its budget/);
    expect(standaloneProblem(r, 10_000)).toBeNull();
  });

  it("makes finish-build.mjs exit non-zero on a tree holding .local/auth.json", () => {
    const script = path.resolve("scripts/finish-build.mjs");
    const run = (dir: string) =>
      execFileSync(process.execPath, [script, "--check", dir], { encoding: "utf8", stdio: "pipe" });
    expect(run(tree(CLEAN))).toMatch(/standalone tree clean/);
    const leaky = tree({ ...CLEAN, ".local/auth.json": "{}" });
    expect(() => run(leaky)).toThrow(/holds local state or test files: \.local/);
    // Loading the script (rolldown, TypeScript) takes seconds on a busy machine.
  }, 120_000);
});
