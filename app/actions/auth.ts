"use server";
// Sign-in and sign-out. Sign-in is the one action before a session exists: `login` checks the
// origin, validates, throttles and writes the action log itself (lib/auth/server.ts). Sign-out
// goes through the one gate like every other action.
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/actions/gate";
import { login, logout } from "@/lib/auth/server";

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

export const signOut = defineAction({
  name: "logout",
  input: z.strictObject({}).optional(),
  run: async (ctx) => {
    await logout(ctx);
    redirect("/login");
  },
  record: () => ({ target: "admin" }),
});
