import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { currentSession } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function safeNext(v: string | string[] | undefined): string {
  return typeof v === "string" &&
    /^\/(?![/\\])[\w\-/?=&.%]*$/.test(v) &&
    v.length < 200 &&
    !v.startsWith("/login")
    ? v
    : "/";
}

/** Plain http on a host other than localhost: browsers drop the Secure session cookie. */
function insecureOrigin(h: Headers): boolean {
  const proto = (h.get("x-forwarded-proto") ?? "http").split(",")[0]?.trim();
  const host = (h.get("x-forwarded-host") ?? h.get("host") ?? "").split(",")[0]?.trim() ?? "";
  const hostname = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return (
    proto !== "https" &&
    !["localhost", "127.0.0.1", "::1"].includes(hostname) &&
    !hostname.endsWith(".localhost")
  );
}

export default async function LoginPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  if (await currentSession()) redirect(next);
  const insecure = insecureOrigin(await headers());
  return (
    <div className="mx-auto mt-16 max-w-sm">
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900/60">
        <h1 className="text-lg font-semibold tracking-tight">Sign in to arr-dashboard</h1>
        <p className="mt-1 mb-5 text-sm text-slate-500 dark:text-slate-400">
          One admin account. Failed attempts are throttled.
        </p>
        {insecure ? (
          <p
            role="alert"
            className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-500/10 dark:text-amber-300"
          >
            This page was served over plain HTTP. The session cookie is Secure-only, so signing in
            works only over HTTPS (or on localhost).
          </p>
        ) : null}
        <LoginForm next={next} />
      </div>
    </div>
  );
}
