import type { ReactNode } from "react";
import { cn } from "./cn";

/** A definition list of label → value pairs, two columns from small screens up. */
export function KeyValues({
  items,
  className,
}: {
  items: [label: ReactNode, value: ReactNode][];
  className?: string;
}) {
  return (
    <dl
      className={cn(
        "grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]",
        className,
      )}
    >
      {items.map(([label, value], i) => (
        <div key={i} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
          <dd className="min-w-0 break-words text-slate-900 dark:text-slate-100">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
