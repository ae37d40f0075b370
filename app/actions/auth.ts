"use server";
// Sign-in and sign-out. Every export here is reachable over HTTP (Next-Action header): each one
// validates its own input and, for sign-out, its own session and origin.
import { redirect } from "next/navigation";
import { gateAction, login, logout } from "@/lib/auth/server";
import type { ActionResult } from "@/lib/actions/result";

export interface LoginFormState {
  error?: string;
}

/** Form action for the login page (useActionState): signs in, then goes to `next` (same-site path only). */
export async function signIn(_prev: LoginFormState, form: unknown): Promise<LoginFormState> {
  if (!(form instanceof FormData)) return { error: "invalid input" };
  const password = form.get("password");
  const next = form.get("next");
  const r = await login({ password: typeof password === "string" ? password : undefined });
  if (!r.ok) return { error: r.error };
  redirect(
    typeof next === "string" && /^\/(?![/\\])[\w\-/?=&.%]*$/.test(next) && next.length < 200
      ? next
      : "/",
  );
}

export async function signOut(): Promise<ActionResult> {
  const g = await gateAction("logout");
  if (!g.ok) return { ok: false, error: g.error };
  await logout(g.ctx);
  redirect("/login");
}
