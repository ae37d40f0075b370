"use client";

import { useActionState } from "react";
import { signIn, type LoginFormState } from "@/app/actions/auth";
import { Button } from "@/components/ui/button";

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<LoginFormState, FormData>(signIn, {});
  return (
    <form
      action={action}
      className="space-y-4"
      aria-describedby={state.error ? "login-error" : undefined}
    >
      <input type="hidden" name="next" value={next} />
      <label className="block">
        <span className="text-sm font-medium">Admin password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={1024}
          autoFocus
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 focus:outline-none dark:border-slate-700 dark:bg-slate-950"
        />
      </label>
      {state.error ? (
        <p
          id="login-error"
          data-testid="login-error"
          role="alert"
          className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-500/10 dark:text-rose-300"
        >
          {state.error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
