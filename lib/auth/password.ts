/**
 * Admin password hashing with scrypt from node:crypto.
 *
 * Stored format (a PHC-style string, one line, safe in an env var or a Secret):
 *
 *     $scrypt$ln=<log2 N>,r=<block size>,p=<parallelism>$<salt, base64 no padding>$<hash, base64 no padding>
 *
 * e.g. `$scrypt$ln=14,r=8,p=5$Zm9vYmFy…$q3T…` (the defaults: N=2^14, r=8, p=5, a 16-byte salt and
 * a 32-byte key; OWASP's scrypt table lists N=2^14,r=8,p=5 as equivalent to its N=2^17,r=8,p=1
 * minimum while needing only 16 MiB per check). Generate one with `npm run auth:hash`.
 *
 * This file has no imports beyond node:crypto and no TypeScript-only syntax so the hashing CLI
 * (scripts/hash-password.mjs) can load it with Node's type stripping.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";

export interface ScryptParams {
  /** log2 of the CPU/memory cost N */
  ln: number;
  /** block size */
  r: number;
  /** parallelism */
  p: number;
}

const DEFAULT_SCRYPT_PARAMS: ScryptParams = { ln: 14, r: 8, p: 5 };

/** Bounds on accepted parameters, so a mistyped hash cannot make one check take minutes or gigabytes. */
const LIMITS = {
  lnMin: 10,
  lnMax: 20,
  rMin: 1,
  rMax: 32,
  pMin: 1,
  pMax: 16,
  maxMemBytes: 256 * 1024 * 1024,
};

export interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

const HASH_RE =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,88})\$([A-Za-z0-9+/]{22,88})$/;

/** Parses a stored hash string; throws with a clear message (never echoing the hash) when malformed. */
export function parsePasswordHash(encoded: string): ParsedHash {
  const m = HASH_RE.exec(encoded.trim());
  if (!m) {
    throw new Error(
      "Password hash is not in the format $scrypt$ln=<n>,r=<r>,p=<p>$<salt b64>$<hash b64> (generate one with `npm run auth:hash`)",
    );
  }
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  checkParams(params);
  const salt = Buffer.from(m[4] ?? "", "base64");
  const hash = Buffer.from(m[5] ?? "", "base64");
  if (salt.length < 16) throw new Error("Password hash salt is shorter than 16 bytes");
  if (hash.length < 16 || hash.length > 64)
    throw new Error("Password hash key must be 16–64 bytes");
  return { params, salt, hash };
}

function checkParams({ ln, r, p }: ScryptParams): void {
  if (!Number.isInteger(ln) || ln < LIMITS.lnMin || ln > LIMITS.lnMax)
    throw new Error(`scrypt ln must be ${LIMITS.lnMin}–${LIMITS.lnMax}`);
  if (!Number.isInteger(r) || r < LIMITS.rMin || r > LIMITS.rMax)
    throw new Error(`scrypt r must be ${LIMITS.rMin}–${LIMITS.rMax}`);
  if (!Number.isInteger(p) || p < LIMITS.pMin || p > LIMITS.pMax)
    throw new Error(`scrypt p must be ${LIMITS.pMin}–${LIMITS.pMax}`);
  if (memoryFor({ ln, r, p }) > LIMITS.maxMemBytes)
    throw new Error("scrypt parameters need more than 256 MiB");
}

/** Memory one scrypt run needs: 128 · N · r bytes (the p lanes run one after another in Node). */
export function memoryFor({ ln, r }: ScryptParams): number {
  return 128 * 2 ** ln * r;
}

function derive(
  password: string,
  salt: Buffer,
  keylen: number,
  params: ScryptParams,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(
      password.normalize("NFC"),
      salt,
      keylen,
      { N: 2 ** params.ln, r: params.r, p: params.p, maxmem: memoryFor(params) + 1024 * 1024 },
      (err, key) => (err ? reject(new Error("scrypt failed", { cause: err })) : resolve(key)),
    );
  });
}

/** Hashes a password into the stored format above. */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  checkParams(params);
  const salt = randomBytes(16);
  const key = await derive(password, salt, 32, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

/** Checks a password against a stored hash in constant time (for equal-length keys). */
export async function verifyPassword(
  password: string,
  stored: ParsedHash | string,
): Promise<boolean> {
  const parsed = typeof stored === "string" ? parsePasswordHash(stored) : stored;
  const key = await derive(password, parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(key, parsed.hash);
}

function b64(buf: Buffer): string {
  return buf.toString("base64").replace(/=+$/, "");
}
