// Run by the Dockerfile after `npm run build`: removes from the standalone server what Next's file
// tracing copied but the production server never loads, so the image holds only what it runs.
//   node scripts/image-prune.mjs [.next/standalone]
// `npm run image:check` lists the image's largest paths and starts its server; these were the two
// largest removable ones (measured there: 25 MiB and 18 MiB of the 70 MiB the Dockerfile added).
//
// 1. @kubernetes/client-node: scripts/finish-build.mjs pointed the package's `main` at one bundle
//    (dist/arr-slim.mjs) of the values the app imports, with every import outside the package left
//    external. The rest of the package (every generated API and model) is never loaded. Pruned
//    only when `main` is that bundle; the bundle is then loaded from the pruned tree as a check.
// 2. sharp and its libvips (@img/*): Next traces them for its image optimizer (/_next/image),
//    which only next/image uses. Removed when no source file imports next/image; a request to
//    /_next/image then fails instead of resizing images the app does not have.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";

const repo = path.resolve(import.meta.dirname, "..");
const standalone = path.resolve(process.argv[2] ?? path.join(repo, ".next/standalone"));
const modules = path.join(standalone, "node_modules");
const fail = (msg) => {
  console.error(`image-prune: ${msg}`);
  process.exit(1);
};
if (!existsSync(path.join(standalone, "server.js")))
  fail(`no server.js in ${standalone}: run npm run build first`);

const size = (p) => {
  const s = statSync(p, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.size;
  return readdirSync(p).reduce((n, e) => n + size(path.join(p, e)), 0);
};
const removed = [];
const remove = (p, why) => {
  const bytes = size(p);
  rmSync(p, { recursive: true, force: true });
  removed.push(`${path.relative(standalone, p)} (${(bytes / 1048576).toFixed(1)} MiB: ${why})`);
};

// 1. client-node down to its bundle.
const KUBE = path.join(modules, "@kubernetes/client-node");
const SLIM = "dist/arr-slim.mjs";
if (existsSync(KUBE)) {
  const pkg = JSON.parse(readFileSync(path.join(KUBE, "package.json"), "utf8"));
  if (pkg.main !== SLIM) {
    console.log(
      `image-prune: @kubernetes/client-node's main is ${pkg.main}, not ${SLIM}; kept whole`,
    );
  } else {
    const keep = new Set(["package.json", "LICENSE", SLIM]);
    const walk = (rel) => {
      for (const name of readdirSync(path.join(KUBE, rel))) {
        const r = rel ? `${rel}/${name}` : name;
        if (keep.has(r)) continue;
        if ([...keep].some((k) => k.startsWith(`${r}/`))) walk(r);
        else rmSync(path.join(KUBE, r), { recursive: true, force: true });
      }
    };
    const before = size(KUBE);
    walk("");
    removed.push(
      `@kubernetes/client-node except ${SLIM} (${((before - size(KUBE)) / 1048576).toFixed(1)} MiB: never loaded)`,
    );
    const check = `const m = await import("@kubernetes/client-node"); if (!m.KubeConfig) process.exit(1);`;
    try {
      execFileSync(process.execPath, ["--input-type=module", "-e", check], {
        cwd: standalone,
        stdio: "inherit",
      });
    } catch {
      fail(`the pruned @kubernetes/client-node does not load from ${standalone}`);
    }
  }
}

// 2. sharp, unless the app uses next/image.
const usesNextImage = (dir) =>
  existsSync(dir) &&
  readdirSync(dir, { recursive: true }).some((f) => {
    const p = path.join(dir, String(f));
    return (
      /\.(ts|tsx)$/.test(p) &&
      statSync(p).isFile() &&
      /from\s+["']next\/image["']/.test(readFileSync(p, "utf8"))
    );
  });
if (["app", "components", "lib"].some((d) => usesNextImage(path.join(repo, d)))) {
  console.log("image-prune: the app imports next/image; sharp kept");
} else {
  for (const p of [path.join(modules, "sharp"), path.join(modules, "@img")])
    if (existsSync(p)) remove(p, "image optimizer, next/image is not used");
}

console.log(`image-prune: removed ${removed.length ? removed.join("; ") : "nothing"}`);
