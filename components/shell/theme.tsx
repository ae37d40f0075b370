"use client";

import { ThemeProvider as NextThemes } from "next-themes";
import type { ReactNode } from "react";

/** Where the user's choice is kept (localStorage); absent means "follow the system". */
const THEME_STORAGE_KEY = "arr-theme";

/**
 * Light/dark theme through next-themes (maintained; it replaced our inline script and store):
 * the `dark` class on <html> for Tailwind, `color-scheme` for form controls, the choice kept in
 * localStorage and synced across tabs, "system" following prefers-color-scheme live, and no
 * flash of the wrong theme before first paint. `nonce`: the request's CSP nonce, for its inline
 * script and the style element it adds while switching (lib/security/headers.ts).
 */
export function ThemeProvider({ children, nonce }: { children: ReactNode; nonce?: string }) {
  return (
    <NextThemes
      attribute="class"
      storageKey={THEME_STORAGE_KEY}
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      nonce={nonce}
    >
      {children}
    </NextThemes>
  );
}
