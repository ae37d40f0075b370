import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ApiBanner } from "@/components/live/api-banner";
import { LiveProvider } from "@/components/live/live-provider";
import { Nav } from "@/components/shell/nav";
import { ThemeProvider } from "@/components/shell/theme";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { currentSession } from "@/lib/auth/server";
import type { DashboardView } from "@/lib/view/dashboard";
import { getDashboardView } from "@/lib/view/server";
import { NONCE_HEADER } from "@/lib/security/headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "arr-dashboard", template: "%s · arr-dashboard" },
  description: "Control plane for the *arr media stack",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

async function initialView(): Promise<DashboardView | null> {
  // Live data: render per request, never at build time.
  await connection();
  try {
    return getDashboardView();
  } catch (err) {
    console.error("layout: no initial view", err);
    return null;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce proxy.ts made for this request, for the theme's inline script.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  // Signed out (the login page, or a page about to redirect there): no cluster data at all.
  // Each page still checks the session itself; a layout does not re-run on client navigation.
  if (!(await currentSession())) {
    return (
      <html lang="en" suppressHydrationWarning>
        <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
          <ThemeProvider nonce={nonce}>
            <main className="mx-auto max-w-6xl px-4 py-6 sm:py-8">{children}</main>
          </ThemeProvider>
        </body>
      </html>
    );
  }
  const view = await initialView();
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <ThemeProvider nonce={nonce}>
          <LiveProvider initialView={view}>
            <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/85 backdrop-blur dark:border-slate-800 dark:bg-slate-950/85">
              <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5">
                <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
                  <span
                    aria-hidden
                    className="grid size-7 place-items-center rounded-lg bg-gradient-to-br from-sky-500 to-violet-600 text-xs font-bold text-white"
                  >
                    arr
                  </span>
                  <span>arr-dashboard</span>
                </Link>
                <div className="order-3 w-full sm:order-2 sm:w-auto sm:flex-1">
                  <Nav />
                </div>
                <div className="order-2 ml-auto flex items-center gap-1 sm:order-3">
                  <ThemeToggle />
                  <SignOutButton />
                </div>
              </div>
            </header>
            <ApiBanner />
            <main className="mx-auto max-w-6xl px-4 py-6 sm:py-8">{children}</main>
          </LiveProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
