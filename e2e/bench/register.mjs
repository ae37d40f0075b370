// Lets `node` run the project's TypeScript directly for benchmark scripts: resolves the "@/…"
// path alias and extensionless relative imports to .ts/.tsx files, `server-only` to nothing, and
// bare subpaths of packages without an exports map (`next/cache`) to their .js file.
// Use: node --experimental-transform-types --import ./e2e/bench/register.mjs e2e/bench/<script>.ts
import { register } from "node:module";
import { URL } from "node:url";

register(
  "data:text/javascript," +
    encodeURIComponent(`
import { existsSync, statSync } from "node:fs";
import { pathToFileURL, fileURLToPath } from "node:url";
const root = ${JSON.stringify(new URL("../../", import.meta.url).href)};
const candidates = (p) => [p, p + ".ts", p + ".tsx", p + "/index.ts"];
function file(url) {
  for (const c of candidates(fileURLToPath(url))) if (existsSync(c) && statSync(c).isFile()) return pathToFileURL(c).href;
  return null;
}
export async function resolve(spec, ctx, next) {
  if (spec === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  if (spec.startsWith("@/")) {
    const f = file(new URL(spec.slice(2), root));
    if (f) return { url: f, shortCircuit: true };
  }
  if ((spec.startsWith("./") || spec.startsWith("../")) && ctx.parentURL?.startsWith("file:")) {
    const f = file(new URL(spec, ctx.parentURL));
    if (f) return { url: f, shortCircuit: true };
  }
  try {
    return await next(spec, ctx);
  } catch (error) {
    // Packages without an "exports" map (next: "next/cache") are imported without ".js".
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || /^[./]/.test(spec) || spec.endsWith(".js")) throw error;
    return next(spec + ".js", ctx);
  }
}
`),
);
