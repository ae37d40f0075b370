import type { CheckVerdict } from "@/lib/checks/types";

const STYLE: Record<CheckVerdict, { label: string; className: string }> = {
  pass: {
    label: "pass",
    className:
      "bg-emerald-100 text-emerald-800 ring-emerald-600/30 dark:bg-emerald-900/40 dark:text-emerald-200",
  },
  fail: {
    label: "fail",
    className: "bg-red-100 text-red-800 ring-red-600/30 dark:bg-red-900/40 dark:text-red-200",
  },
  "could-not-check": {
    label: "could not check",
    className:
      "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-900/40 dark:text-amber-200",
  },
  "not-checked": {
    label: "not checked yet",
    className:
      "bg-slate-100 text-slate-600 ring-slate-400/30 dark:bg-slate-800 dark:text-slate-300",
  },
};

export function VerdictBadge({ verdict }: { verdict: CheckVerdict }) {
  const s = STYLE[verdict];
  return (
    <span
      data-verdict={verdict}
      className={`inline-flex w-28 shrink-0 items-center justify-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${s.className}`}
    >
      {s.label}
    </span>
  );
}
