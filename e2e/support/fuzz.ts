// Malformed inputs for the actions and routes, from a seeded PRNG so a failure can be replayed.
// Shared by the integration test (action functions called directly) and the browser-stage HTTP
// test (the same payloads over the wire with a Next-Action header).

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY_STRINGS = [
  "",
  " ",
  "all",
  "ALL",
  "Sonarr",
  "sonarr ",
  "sonarr\u0000",
  "../sonarr",
  "media/sonarr",
  "sonarr;rm -rf /",
  "$(id)",
  "<script>alert(1)</script>",
  "-sonarr",
  "sonarr-",
  "kube-system",
  "default",
  "x".repeat(64),
  "x".repeat(5000),
  "\u202esonarr",
  "sónarr",
  "null",
  "undefined",
  "0",
  "1",
  "__proto__",
  "constructor",
  "a".repeat(24),
  "a".repeat(23),
  "#".repeat(24),
  "media ",
  "MEDIA",
];

const NASTY_NUMBERS = [
  -1,
  2,
  3,
  10,
  1.5,
  0.5,
  -0,
  NaN,
  Infinity,
  -Infinity,
  Number.MAX_SAFE_INTEGER,
  1e308,
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

/** Any JSON-ish value, sometimes deep or large. */
function randomValue(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 3 ? 6 : 9));
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick(r, NASTY_NUMBERS);
    case 3:
      return Math.floor(r() * 1000) - 500;
    case 4:
      return pick(r, NASTY_STRINGS);
    case 5:
      return Array.from({ length: Math.floor(r() * 20) }, () =>
        String.fromCharCode(Math.floor(r() * 0xffff)),
      ).join("");
    case 6:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(r() * 4); i++)
        o[
          pick(r, [
            "app",
            "replicas",
            "intent",
            "scope",
            "confirm",
            "action",
            "releaseVolume",
            "__proto__",
            "constructor",
            "x",
          ])
        ] = randomValue(r, depth + 1);
      return o;
    }
    default:
      return JSON.parse(`{"__proto__": {"polluted": ${JSON.stringify(pick(r, NASTY_STRINGS))}}}`);
  }
}

/** An input shaped like the action's own, with one or more fields wrong (or extra). */
function nearMiss(r: () => number, valid: Record<string, unknown>): unknown {
  const o: Record<string, unknown> = { ...valid };
  const keys = Object.keys(o);
  const mode = Math.floor(r() * 5);
  if (mode === 0 && keys.length) delete o[pick(r, keys)];
  else if (mode === 1) o[pick(r, ["extra", "namespace", "force", "__proto__"])] = randomValue(r);
  else if (mode === 2 && keys.length) o[pick(r, keys)] = pick(r, NASTY_STRINGS);
  else if (mode === 3 && keys.length) o[pick(r, keys)] = pick(r, NASTY_NUMBERS);
  else if (keys.length) o[pick(r, keys)] = randomValue(r);
  else o.extra = randomValue(r);
  return o;
}

/**
 * `count` malformed inputs for an action whose valid input looks like `valid`. A random token in
 * `intent` never matches an issued one, so even a well-shaped input cannot act.
 */
export function malformedInputs(
  seed: number,
  count: number,
  valid: Record<string, unknown>,
): unknown[] {
  const r = rng(seed);
  const out: unknown[] = [undefined, null, [], "", 0, true, [valid], JSON.stringify(valid)];
  while (out.length < count) out.push(r() < 0.5 ? nearMiss(r, valid) : randomValue(r));
  return out;
}
