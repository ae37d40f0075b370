"use client";

import { ThemeProvider as NextThemes } from "next-themes";
import type { ReactNode } from "react";

/** Where the user's choice is kept (localStorage); absent means "follow the system". */
const THEME_STORAGE_KEY = "arr-theme";

/**
 * Light/dark theme through next-themes (maintained; it replaced our inline script and store):
 * the `dark` class on <html> for Tailwind, `color-scheme` for form controls, the choice kept in
 * localStorage and synced across tabs, "system" following prefers-color-scheme live, and no
 * flash of the wrong theme before first paint.
 */
export function ThemeProvider({ children }: { children: ReactNode }) {
  return (
    <NextThemes
      attribute="class"
      storageKey={THEME_STORAGE_KEY}
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
    >
      {children}
    </NextThemes>
  );
}
