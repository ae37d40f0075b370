/**
 * Kubernetes resource quantities ("50m", "1", "0.5", "128Mi", "1G", "1e3"), parsed exactly.
 *
 * The grammar is the one of k8s.io/apimachinery/pkg/api/resource:
 *   quantity ::= signedNumber suffix
 *   suffix   ::= binarySI (Ki Mi Gi Ti Pi Ei) | decimalSI (m "" k M G T P E) | ("e"|"E") signedNumber
 * Values are kept as an exact fraction (bigint) so "0.1" + "0.2" CPUs never drift, then rounded
 * up the way the API server rounds (`MilliValue()`, `Value()` round toward +∞).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

export interface ExactQuantity {
  /** numerator; the value is num / den */
  num: bigint;
  /** always > 0 */
  den: bigint;
}

export class QuantityError extends Error {
  override name = "QuantityError";
}

const BINARY_SI: Record<string, bigint> = {
  Ki: 1024n,
  Mi: 1024n ** 2n,
  Gi: 1024n ** 3n,
  Ti: 1024n ** 4n,
  Pi: 1024n ** 5n,
  Ei: 1024n ** 6n,
};

/** Decimal SI suffixes as powers of ten ("m" is 10^-3). */
const DECIMAL_SI: Record<string, number> = { m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// sign, digits with optional fraction (".5" and "5." are valid), then one of the three suffix forms.
const QUANTITY_RE =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|(m|k|M|G|T|P|E)?)$/;

/** Largest decimal exponent accepted; beyond it a quantity is nonsense for a homelab and bigints grow. */
const MAX_EXPONENT = 30;

/** Parses a quantity (a YAML number is accepted too: `cpu: 1`, `cpu: 0.5`) into an exact fraction. */
export function parseQuantity(input: string | number): ExactQuantity {
  const text = typeof input === "number" ? numberToQuantityText(input) : input;
  const m = QUANTITY_RE.exec(text);
  if (!m)
    throw new QuantityError(
      `"${text}" is not a Kubernetes quantity (e.g. 50m, 0.5, 128Mi, 1Gi, 1G, 1e3)`,
    );
  const [, sign = "", digits = "", binary, exponent, decimal] = m;
  const [whole = "", fraction = ""] = digits.split(".");
  let num = BigInt((whole || "0") + fraction);
  let den = 10n ** BigInt(fraction.length);
  if (binary) {
    num *= BINARY_SI[binary] ?? 1n;
  } else {
    const power = exponent !== undefined ? Number(exponent) : (DECIMAL_SI[decimal ?? ""] ?? 0);
    if (Math.abs(power) > MAX_EXPONENT)
      throw new QuantityError(`"${text}": exponent ${power} is out of range`);
    if (power >= 0) num *= 10n ** BigInt(power);
    else den *= 10n ** BigInt(-power);
  }
  if (sign === "-") num = -num;
  return reduce({ num, den });
}

function numberToQuantityText(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityError(`${n} is not a Kubernetes quantity`);
  // String(1e21) is "1e+21", which the grammar accepts.
  return String(n);
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function reduce(q: ExactQuantity): ExactQuantity {
  const g = gcd(q.num, q.den);
  return g > 1n ? { num: q.num / g, den: q.den / g } : q;
}

/** ceil(a / b) for b > 0. */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b > 0n ? q + 1n : q;
}

function toSafeNumber(v: bigint, text: string | number, unit: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n))
    throw new QuantityError(`"${text}" is too large to count in ${unit}`);
  return n;
}

/** CPU in millicores, rounded up like the API server's MilliValue(): "50m" → 50, "1" → 1000, "0.5" → 500. */
export function parseCpuMillis(input: string | number): number {
  const q = parseQuantity(input);
  return toSafeNumber(ceilDiv(q.num * 1000n, q.den), input, "millicores");
}

/** Memory or storage in bytes, rounded up like Value(): "128Mi" → 134217728, "1G" → 1e9, "1e3" → 1000. */
export function parseBytes(input: string | number): number {
  const q = parseQuantity(input);
  return toSafeNumber(ceilDiv(q.num, q.den), input, "bytes");
}

/** True when `input` parses as a quantity (for schema refinements). */
export function isQuantity(input: unknown): input is string | number {
  if (typeof input !== "string" && typeof input !== "number") return false;
  try {
    parseQuantity(input);
    return true;
  } catch {
    return false;
  }
}
