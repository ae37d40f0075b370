// Second half of `npm run build`, after `next build`: makes .next/standalone the complete server
// that `scripts/serve.sh`, the browser tests, the benchmarks and the container image all run.
//
// 1. Copies the static assets (and public/, if any) beside server.js, as Next's standalone output
//    expects them.
// 2. Prunes the server's copy of @kubernetes/client-node to what the app imports. Loading the
//    package loads every generated API class for every API group (a 7 MB module of them alone)
//    and all ~900 models. That is about 25 MiB of the server's resident memory for the ~14 values
//    the app uses (`npm run bench:rss` measures it). The values imported from the package anywhere
//    in the server code are found from the sources (TypeScript's parser), bundled with rolldown
//    with tree-shaking into one module, and the standalone copy's `main` points at it. Its own
//    dependencies (undici, ws, js-yaml, …) stay external, as Next traced them.
//    The check at the end loads the pruned module from the standalone tree and fails the build if
//    a value is missing. Development (`next dev`) and the unit and integration tests use the whole
//    package; only the production server runs the pruned one.
// 3. Fails the build if the standalone tree holds anything from .local/ (the admin password hash
//    and session secret in auth.json, the local cluster's keys), .git, test code, or is over its
//    size budget — file tracing once copied 12 GB of the project into it (lib/build/standalone-guard.ts).
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { rolldown } from "rolldown";
import { valueImports } from "../lib/build/value-imports.ts";
import { scanStandalone, standaloneProblem } from "../lib/build/standalone-guard.ts";

const PACKAGE = "@kubernetes/client-node";
const SLIM = "dist/arr-slim.mjs";
const repo = path.resolve(import.meta.dirname, "..");
// `--check DIR`: only the guard of step 3, on DIR (its test plants files in a scratch tree).
const checkOnly = process.argv[2] === "--check" ? path.resolve(process.argv[3] ?? ".") : null;
const standalone = checkOnly ?? path.join(repo, ".next/standalone");
const fail = (msg) => {
  console.error(`finish-build: ${msg}`);
  process.exit(1);
};
if (!existsSync(path.join(standalone, "server.js")))
  fail(
    `no ${path.relative(repo, standalone)}/server.js: run \`next build\` first (npm run build does both)`,
  );

// 3 (first: nothing else is worth doing on a tree that must not ship).
const scan = scanStandalone(standalone);
const problem = standaloneProblem(scan);
if (problem) fail(problem);
console.log(
  `finish-build: standalone tree clean (${scan.files} files, ${(scan.bytes / 1024 / 1024).toFixed(0)} MiB)`,
);
if (checkOnly) process.exit(0);

// 1. Static assets beside the server.
cpSync(path.join(repo, ".next/static"), path.join(standalone, ".next/static"), { recursive: true });
if (existsSync(path.join(repo, "public")))
  cpSync(path.join(repo, "public"), path.join(standalone, "public"), { recursive: true });

// 2a. The values the server code imports from the package.
const SOURCE_DIRS = ["app", "lib", "components"];
const SOURCE_FILES = ["instrumentation.ts", "proxy.ts"];
function* sources() {
  const walk = function* (dir) {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) yield* walk(p);
      else if (/\.(ts|tsx|mts)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield p;
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(path.join(repo, d))) yield* walk(path.join(repo, d));
  for (const f of SOURCE_FILES) if (existsSync(path.join(repo, f))) yield path.join(repo, f);
}

const names = new Set();
for (const file of sources()) {
  const text = readFileSync(file, "utf8");
  if (!text.includes(PACKAGE)) continue;
  try {
    for (const n of valueImports(file, text, PACKAGE)) names.add(n);
  } catch (err) {
    fail(`${path.relative(repo, path.dirname(file))}/${err.message}`);
  }
}
const target = path.join(standalone, "node_modules", PACKAGE);
if (names.size === 0 || !existsSync(target)) {
  console.log(
    `finish-build: static assets copied; ${PACKAGE} not in the server build, nothing to prune`,
  );
  process.exit(0);
}
const exported = [...names].sort();

// 2b. Bundle only those values, everything outside the package left external.
const entry = path.join(repo, ".next/arr-slim-entry.mjs");
writeFileSync(entry, `export { ${exported.join(", ")} } from "${PACKAGE}";\n`);
const warnings = [];
const bundle = await rolldown({
  input: entry,
  platform: "node",
  treeshake: true,
  external: (id) =>
    !id.startsWith(".") && !path.isAbsolute(id) && id !== PACKAGE && !id.startsWith(`${PACKAGE}/`),
  onLog: (level, log) => {
    if (level === "warn") warnings.push(log.message);
  },
});
const out = path.join(target, SLIM);
await bundle.write({ file: out, format: "esm", minify: true });
await bundle.close();

// 2c. Point the standalone copy at it.
const pkgFile = path.join(target, "package.json");
const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
if (pkg.exports) fail(`${PACKAGE} now has an "exports" map; teach finish-build.mjs to rewrite it`);
const fullMain = pkg.main;
pkg.main = SLIM;
writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);

// 2d. Load it the way the server will, and check every value is there.
const check = `
const m = await import(${JSON.stringify(PACKAGE)});
const missing = ${JSON.stringify(exported)}.filter((n) => m[n] === undefined);
if (missing.length) { console.error("missing: " + missing.join(", ")); process.exit(1); }`;
try {
  execFileSync(process.execPath, ["--input-type=module", "-e", check], {
    cwd: standalone,
    stdio: "inherit",
  });
} catch {
  pkg.main = fullMain;
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  fail(
    `the pruned ${PACKAGE} did not load in ${path.relative(repo, standalone)} (main restored to ${fullMain})`,
  );
}
const kib = (p) => Math.round(statSync(p).size / 1024);
console.log(
  `finish-build: static assets copied; ${PACKAGE} pruned to ${exported.length} values (${kib(out)} KiB, ` +
    `${warnings.length} bundler warnings): ${exported.join(", ")}`,
);
