"use client";

import { useId, useState, useTransition } from "react";
import { prepareAppAction, restartApp, scaleApp } from "@/app/actions/workloads";
import { useConnectivity, useDashboardView } from "@/components/live/live-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { ActionAvailability } from "@/lib/actions/availability";

type Kind = "restart" | "stop" | "start";

/**
 * Restart / Stop / Start for one app (or Restart for "all"). Disruptive actions ask first; every
 * button is disabled with the reason when the dashboard's ServiceAccount lacks the right or the
 * API server is unreachable. `availability` comes from `actionAvailability()` on the server.
 */
export function AppActions({
  app,
  availability,
  size = "sm",
  only,
}: {
  app: string;
  availability: ActionAvailability;
  size?: "sm" | "md";
  /** Offer only these (the overview card offers Restart; the app page keeps Stop/Start too). */
  only?: readonly Kind[];
}) {
  const { data } = useDashboardView();
  const { connected } = useConnectivity();
  const card = app === "all" ? undefined : data?.apps.find((a) => a.name === app);
  const desired = card?.replicas.desired;
  const [pending, startTransition] = useTransition();
  const [confirm, setConfirm] = useState<{ kind: Kind; intent: string; prompt: string } | null>(
    null,
  );
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const labelId = useId();

  const offline = !connected ? "the API server is unreachable" : null;
  const reason = (kind: Kind): string | null => {
    if (offline) return offline;
    const r = kind === "restart" ? availability.restart : availability.scale;
    if (r) return r;
    if (app !== "all" && desired === undefined) return "the app is not deployed";
    if (kind === "stop" && desired === 0) return "already stopped";
    if (kind === "start" && desired !== 0) return "already running";
    if (kind === "restart" && app !== "all" && desired === 0) return "stopped: start it instead";
    return null;
  };

  const run = (kind: Kind, intent: string) =>
    startTransition(async () => {
      const r =
        kind === "restart"
          ? await restartApp({ app, intent })
          : await scaleApp({ app, replicas: kind === "stop" ? 0 : 1, intent });
      setConfirm(null);
      setMessage(
        r.ok
          ? {
              ok: true,
              text:
                kind === "restart"
                  ? "Restart requested: a new pod is rolling out."
                  : kind === "stop"
                    ? "Stopped (scaled to 0)."
                    : "Started (scaled to 1).",
            }
          : { ok: false, text: r.error },
      );
    });

  const ask = (kind: Kind) =>
    startTransition(async () => {
      setMessage(null);
      const r = await prepareAppAction({ action: kind, app });
      if (!r.ok) return setMessage({ ok: false, text: r.error });
      // Starting is not disruptive: no question asked.
      if (kind === "start") return run(kind, r.intent);
      setConfirm({ kind, intent: r.intent, prompt: r.prompt });
    });

  const kinds: readonly Kind[] =
    app === "all" ? ["restart"] : (only ?? ["restart", "stop", "start"]);
  return (
    <div className="flex flex-col items-end gap-1" data-testid={`app-actions-${app}`}>
      <div className="flex flex-wrap gap-1.5">
        {kinds.map((k) => {
          const why = reason(k);
          return (
            <Button
              key={k}
              size={size}
              variant={k === "stop" ? "danger" : "secondary"}
              disabled={pending || why !== null}
              title={why ?? undefined}
              aria-label={`${k} ${app}`}
              onClick={() => ask(k)}
            >
              {k === "restart"
                ? app === "all"
                  ? "Restart all"
                  : "Restart"
                : k === "stop"
                  ? "Stop"
                  : "Start"}
            </Button>
          );
        })}
      </div>
      {message ? (
        <p
          role="status"
          className={
            message.ok
              ? "text-xs text-emerald-700 dark:text-emerald-300"
              : "text-xs text-rose-700 dark:text-rose-300"
          }
        >
          {message.text}
        </p>
      ) : null}
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm?.kind === "stop" ? "Stop app" : "Restart"}
        labelId={labelId}
      >
        <p className="whitespace-pre-line" data-testid="confirm-prompt">
          {confirm?.prompt}
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setConfirm(null)}>Cancel</Button>
          <Button
            variant={confirm?.kind === "stop" ? "danger" : "primary"}
            disabled={pending}
            onClick={() => confirm && run(confirm.kind, confirm.intent)}
          >
            {confirm?.kind === "stop" ? "Stop" : "Restart"}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
