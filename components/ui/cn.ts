import { twMerge } from "tailwind-merge";

/**
 * Joins class names, skipping falsy ones; later Tailwind classes win over earlier ones they
 * conflict with (`cn("px-3", "px-2")` → "px-2"), so a caller's className overrides a primitive's.
 */
export function cn(...parts: (string | false | null | undefined)[]): string {
  return twMerge(parts.filter(Boolean).join(" "));
}
