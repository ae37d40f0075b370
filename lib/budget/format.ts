/**
 * Human formatting of budget figures, in the units the seed's Resource Budget table uses:
 * CPU in millicores ("6750m"), memory and storage in binary units ("1.4Gi", "4.75Gi", "13Gi").
 */

const BINARY_UNITS = ["", "Ki", "Mi", "Gi", "Ti", "Pi"] as const;

/**
 * Bytes in the largest binary unit that keeps the figure ≥ 1. A value exact to two decimals is
 * shown exactly (4864Mi → "4.75Gi"); anything else is rounded to one decimal (1408Mi → "1.4Gi",
 * the seed's own rounding), so a table never shows "1.375Gi".
 */
export function formatBytes(bytes: number): string {
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
