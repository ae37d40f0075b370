"use client";

import { useId, useState, useTransition } from "react";
import { forceDeletePod, prepareForceDelete } from "@/app/actions/workloads";
import { useConnectivity } from "@/components/live/live-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/**
 * "Force delete" for a pod stuck Terminating on a NotReady node (F8): its own confirmed, audited
 * action. The server refuses pods that are not stuck; the dialog says what the risk is.
 */
export function ForceDeletePod({ app, pod }: { app: string; pod: string }) {
  const { connected } = useConnectivity();
  const [pending, startTransition] = useTransition();
  const [confirm, setConfirm] = useState<{ intent: string; prompt: string } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const labelId = useId();

  const ask = () =>
    startTransition(async () => {
      setMessage(null);
      const r = await prepareForceDelete({ app, pod });
      if (!r.ok) return setMessage({ ok: false, text: r.error });
      setConfirm({ intent: r.intent, prompt: r.prompt });
    });

  const run = (intent: string) =>
    startTransition(async () => {
      setConfirm(null);
      const r = await forceDeletePod({ app, pod, intent });
      setMessage(
        r.ok
          ? {
              ok: true,
              text: r.finalizers.length
                ? `Deleted; finalizers ${r.finalizers.join(", ")} still hold it.`
                : "Deleted.",
            }
          : { ok: false, text: r.error },
      );
    });

  return (
    <span className="inline-flex items-center gap-2">
      <Button
        size="sm"
        variant="danger"
        disabled={pending || !connected}
        title={connected ? undefined : "the API server is unreachable"}
        onClick={ask}
        data-testid="force-delete-pod"
      >
        Force delete
      </Button>
      {message ? (
        <span
          role="status"
          className={message.ok ? "text-xs text-emerald-700" : "text-xs text-rose-700"}
        >
          {message.text}
        </span>
      ) : null}
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title="Force delete pod"
        labelId={labelId}
      >
        <p className="whitespace-pre-line">{confirm?.prompt}</p>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => setConfirm(null)}>Cancel</Button>
          <Button
            variant="danger"
            onClick={() => confirm && run(confirm.intent)}
            data-testid="force-delete-confirm"
          >
            Force delete
          </Button>
        </div>
      </Dialog>
    </span>
  );
}
