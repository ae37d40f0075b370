/**
 * The one place figures become text: sizes, CPU, shares, ages and durations. Two notations of
 * bytes on purpose, each named for what it shows:
 *  - `formatQuantity`: Kubernetes quantity notation, as the seed's Resource Budget table and the
 *    manifests write requests, limits and claim sizes ("1.4Gi", "256Mi", "13Gi");
 *  - `formatBytes`: file and disk sizes with an IEC unit and a space ("100 B", "1.5 MiB"), as
 *    `ls -h`/`df -h` readers expect.
 * Pure and dependency-free: imported by server code and client components alike.
 */

const BINARY_UNITS = ["", "Ki", "Mi", "Gi", "Ti", "Pi"] as const;

/**
 * Bytes as a Kubernetes quantity in the largest binary unit that keeps the figure ≥ 1. A value
 * exact to two decimals is shown exactly (4864Mi → "4.75Gi"); anything else is rounded to one
 * decimal (1408Mi → "1.4Gi", the seed's own rounding), so a table never shows "1.375Gi".
 * @throws RangeError for a non-finite number
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export function formatQuantity(bytes: number): string {
  if (!Number.isFinite(bytes)) throw new RangeError(`cannot format ${bytes} bytes`);
  if (bytes === 0) return "0";
  const sign = bytes < 0 ? "-" : "";
  let value = Math.abs(bytes);
  let unit = 0;
  while (unit < BINARY_UNITS.length - 1 && value >= 1024) {
    value /= 1024;
    unit++;
  }
  let text = formatFigure(value);
  // 1023.96Mi rounds to "1024": carry into the next unit.
  if (text === "1024" && unit < BINARY_UNITS.length - 1) {
    unit++;
    text = "1";
  }
  return `${sign}${text}${BINARY_UNITS[unit]}`;
}

function formatFigure(value: number): string {
  const hundredths = value * 100;
  if (Math.abs(hundredths - Math.round(hundredths)) < 1e-9)
    return trimZeros((Math.round(hundredths) / 100).toFixed(2));
  return trimZeros((Math.round(value * 10) / 10).toFixed(1));
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** Millicores as the seed writes them: 1000 → "1000m", 250 → "250m". */
export function formatCpu(millis: number): string {
  if (!Number.isFinite(millis)) throw new RangeError(`cannot format ${millis} millicores`);
  return `${Math.round(millis)}m`;
}

/** A share as a percentage with one decimal at most: 0.0625 → "6.3%", 0.5 → "50%". */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return "—";
  return `${trimZeros((Math.round(share * 1000) / 10).toFixed(1))}%`;
}

const IEC_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/** File and disk sizes: 100 → "100 B", 1536 → "1.5 KiB", 3·2^30 → "3.0 GiB" (one decimal past bytes). */
export function formatBytes(n: number): string {
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < IEC_UNITS.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${IEC_UNITS[i]}`;
}

/** An age for labels: "4 s", "2 min", "3 h", "3 d" from an ISO time to `now` (ms); never negative. */
export function formatAge(fromIso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** A duration in milliseconds for progress lines: 850 → "850 ms", 4350 → "4.4 s", 125000 → "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
