// Build tooling (scripts/finish-build.mjs): what must never be in the standalone server tree that
// the image ships. Next's file tracing once copied the whole project into it — 12 GB, with
// .local/auth.json (the admin password hash and the session secret) and the local cluster's keys.
import { lstatSync, readdirSync } from "node:fs";
import path from "node:path";

/** Size budget of .next/standalone in bytes (measured: 77 MiB after pruning client-node). */
const STANDALONE_BUDGET_BYTES = 200 * 1024 * 1024;

/** Path segments that mark local state, secrets or test code; none may appear in the tree. */
const FORBIDDEN_SEGMENTS = new Set([".local", ".git", "e2e", "test-results", "playwright-report"]);

/** The project's own test files (packages may ship theirs; those are left alone). */
const TEST_FILE = /\.(test|spec)\.(ts|tsx|mts|js)$/;

export interface StandaloneReport {
  bytes: number;
  files: number;
  /** Paths (relative to the tree) that must not be there; empty when the tree is clean. */
  forbidden: string[];
}

/**
 * Walks a standalone server tree (without following symlinks; a symlink is itself reported if
 * its name is forbidden) and returns its size and every path holding a forbidden segment. The
 * walk stops descending into a forbidden directory (one entry is enough to fail the build).
 */
export function scanStandalone(root: string): StandaloneReport {
  const report: StandaloneReport = { bytes: 0, files: 0, forbidden: [] };
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      const rel = path.relative(root, p);
      if (FORBIDDEN_SEGMENTS.has(name)) {
        report.forbidden.push(rel);
        continue;
      }
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (TEST_FILE.test(name) && !rel.split(path.sep).includes("node_modules"))
        report.forbidden.push(rel);
      else {
        report.files += 1;
        report.bytes += st.size;
      }
    }
  };
  walk(root);
  return report;
}

/** Why the tree must not ship, or null: any forbidden path, or more bytes than the budget. */
export function standaloneProblem(
  r: StandaloneReport,
  budget = STANDALONE_BUDGET_BYTES,
): string | null {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
  if (r.forbidden.length > 0)
    return `the standalone server holds local state or test files: ${r.forbidden.slice(0, 5).join(", ")}${r.forbidden.length > 5 ? ` and ${r.forbidden.length - 5} more` : ""} (check outputFileTracingExcludes and turbopackIgnore in next.config.ts / the code that builds paths at run time)`;
  if (r.bytes > budget)
    return `the standalone server is ${mib(r.bytes)}, over its budget of ${mib(budget)} (file tracing copied more than the server needs?)`;
  return null;
}
