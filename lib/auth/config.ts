import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { hashPassword, parsePasswordHash, type ParsedHash } from "./password";
import { credentialVersion } from "./session-token";

/**
 * Where the admin credentials come from, in order:
 * 1. ARR_ADMIN_PASSWORD_HASH (+ ARR_SESSION_SECRET) — from a Secret in the cluster;
 * 2. ARR_ADMIN_PASSWORD in plain text — dev/test mode only (NODE_ENV≠production or ARR_DEV_MODE=1)
 *    and never inside a pod;
 * 3. the embedded default: a generated password, printed once on first start, its hash and a
 *    generated session secret kept in `<state dir>/auth.json` (mode 0600) so restarts keep them.
 * A session secret that is not given is generated and kept in the same file.
 */
export interface AuthConfig {
  hash: ParsedHash;
  sessionSecret: string;
  /** Changes with the password hash or the session secret; stamped into every session. */
  version: string;
  source: "env-hash" | "dev-plain-password" | "generated";
}

const StateFileSchema = z.object({
  passwordHash: z.string().optional(),
  sessionSecret: z.string().min(32).optional(),
});

/** Directory for state that must survive restarts (gitignored `.local/` by default). */
export function stateDir(): string {
  return (
    process.env.ARR_STATE_DIR ?? path.join(/* turbopackIgnore: true */ process.cwd(), ".local")
  );
}

function inCluster(): boolean {
  return Boolean(process.env.KUBERNETES_SERVICE_HOST);
}

function devMode(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.ARR_DEV_MODE === "1";
}

function readState(file: string): z.infer<typeof StateFileSchema> {
  let text: string;
  try {
    text = readFileSync(/* turbopackIgnore: true */ file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(`Cannot read ${file}`, { cause: e });
  }
  const parsed = StateFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${file} is malformed; delete it to generate new credentials`);
  return parsed.data;
}

function writeState(file: string, data: z.infer<typeof StateFileSchema>): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(data, null, 2) + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
}

async function load(): Promise<AuthConfig> {
  const file = path.join(/* turbopackIgnore: true */ stateDir(), "auth.json");
  const envHash = process.env.ARR_ADMIN_PASSWORD_HASH?.trim();
  const envSecret = process.env.ARR_SESSION_SECRET?.trim();
  const plain = process.env.ARR_ADMIN_PASSWORD;
  if (envSecret !== undefined && envSecret.length < 32)
    throw new Error("ARR_SESSION_SECRET must be at least 32 characters");

  let state: z.infer<typeof StateFileSchema> = {};
  const needFile = !envHash || !envSecret;
  if (needFile && inCluster() && !(plain && devMode())) {
    throw new Error(
      "In a cluster, set ARR_ADMIN_PASSWORD_HASH and ARR_SESSION_SECRET from a Secret (see `npm run auth:hash`).",
    );
  }
  if (needFile) state = readState(file);

  let hashString: string;
  let source: AuthConfig["source"];
  if (envHash) {
    hashString = envHash;
    source = "env-hash";
  } else if (plain !== undefined && plain !== "") {
    if (!devMode() || inCluster())
      throw new Error(
        "ARR_ADMIN_PASSWORD is accepted only in dev/test mode outside a cluster; set ARR_ADMIN_PASSWORD_HASH instead.",
      );
    hashString = await hashPassword(plain);
    source = "dev-plain-password";
    console.warn(
      "[arr-dashboard] using ARR_ADMIN_PASSWORD from the environment (dev/test mode only)",
    );
  } else if (state.passwordHash) {
    hashString = state.passwordHash;
    source = "generated";
  } else {
    const password = randomBytes(18).toString("base64url");
    hashString = await hashPassword(password);
    state = { ...state, passwordHash: hashString };
    writeState(file, {
      ...state,
      sessionSecret: state.sessionSecret ?? envSecret ?? randomBytes(32).toString("base64url"),
    });
    state = readState(file);
    source = "generated";
    // Printed once, on the start that created it; only its hash is stored.
    console.log(
      `\n[arr-dashboard] First start: generated the admin password\n\n    ${password}\n\n` +
        `It is stored only as a hash in ${file} (mode 0600). To choose your own, set ARR_ADMIN_PASSWORD_HASH ` +
        `(npm run auth:hash) or delete that file to generate a new one.\n`,
    );
  }

  let sessionSecret = envSecret ?? state.sessionSecret;
  if (!sessionSecret) {
    sessionSecret = randomBytes(32).toString("base64url");
    writeState(file, { ...state, sessionSecret });
  }
  const hash = parsePasswordHash(hashString);
  return { hash, sessionSecret, version: credentialVersion(sessionSecret, hashString), source };
}

/** The process-wide auth configuration (loaded once; a failure is retried on the next call). */
export function authConfig(): Promise<AuthConfig> {
  const g = globalThis as { __arrAuthConfig?: Promise<AuthConfig> };
  if (!g.__arrAuthConfig) {
    g.__arrAuthConfig = load().catch((e: unknown) => {
      g.__arrAuthConfig = undefined;
      throw e;
    });
  }
  return g.__arrAuthConfig;
}
