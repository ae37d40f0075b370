// Sums the Vitest and Playwright JSON reports of a test run into one closing line,
// "total: N passed, N failed", and exits non-zero when anything failed (including stages that
// produced no report, named in argv after the reports dir).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir, ...failedStages] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of ["unit.json", "integration.json"]) {
  const file = join(dir, name);
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
const pw = join(dir, "playwright.json");
if (existsSync(pw)) {
  const s = JSON.parse(readFileSync(pw, "utf8")).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
}
if (failedStages.length) console.log(`failed stages: ${failedStages.join(", ")}`);
console.log(`total: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || failedStages.length > 0 || passed === 0 ? 1 : 0);
