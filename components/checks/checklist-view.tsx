import Link from "next/link";
import type { CheckItem, ChecklistReport } from "@/lib/checks/types";
import { VerdictBadge } from "./verdict-badge";

/** Markdown-ish `code` in the seed's wording → <code>. */
function Title({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-slate-200/70 px-1 text-[0.9em] dark:bg-slate-800">
            {p}
          </code>
        ) : (
          <span key={i}>{p}</span>
        ),
      )}
    </>
  );
}

function Item({ item }: { item: CheckItem }) {
  return (
    <li
      data-testid={`check-${item.id}`}
      data-verdict={item.verdict}
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex items-start gap-3">
        <VerdictBadge verdict={item.verdict} />
        <div className="min-w-0 flex-1">
          <h3 className="font-medium">
            <Title text={item.title} />
          </h3>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{item.summary}</p>
          {item.fix && (
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Fix: {item.fix}</p>
          )}
          {item.needs && item.verdict === "not-checked" && (
            <p className="mt-1 text-sm text-slate-500">Needs: {item.needs}</p>
          )}
          {item.evidence.length > 0 && (
            <details className="mt-2 text-sm" open={item.verdict === "fail"}>
              <summary className="cursor-pointer text-slate-500">
                Evidence ({item.evidence.length})
              </summary>
              <ul className="mt-1 list-disc space-y-0.5 pl-5 font-mono text-xs break-all text-slate-600 dark:text-slate-400">
                {item.evidence.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            </details>
          )}
          {item.href && (
            <Link
              href={item.href}
              className="mt-2 inline-block text-sm font-medium text-sky-700 hover:underline dark:text-sky-400"
            >
              Details →
            </Link>
          )}
        </div>
      </div>
    </li>
  );
}

export function ChecklistView({ report }: { report: ChecklistReport }) {
  const c = report.counts;
  return (
    <section>
      <p data-testid="checklist-counts" className="text-sm text-slate-600 dark:text-slate-400">
        {c.pass} pass · {c.fail} fail · {c["could-not-check"]} could not check · {c["not-checked"]}{" "}
        not checked yet
      </p>
      <ol className="mt-3 space-y-2">
        {report.items.map((i) => (
          <Item key={i.id} item={i} />
        ))}
      </ol>
    </section>
  );
}
