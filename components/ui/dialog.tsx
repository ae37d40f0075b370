"use client";

import { useEffect, useRef, type ReactNode } from "react";

/** A modal on the native <dialog> element (focus trap, Escape and backdrop handled by the browser). */
export function Dialog({
  open,
  onClose,
  title,
  children,
  labelId,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  labelId: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={labelId}
      onClose={onClose}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="px-5 pt-4 pb-5">
        <h2 id={labelId} className="text-base font-semibold">
          {title}
        </h2>
        <div className="mt-3 text-sm">{children}</div>
      </div>
    </dialog>
  );
}
