"use client";

import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { LintFinding } from "@/lib/deploy/lint";
import type { ObjectPlan, PlanAction } from "@/lib/deploy/plan";

const TONE: Record<PlanAction, Tone> = {
  create: "green",
  update: "violet",
  unchanged: "slate",
  error: "red",
};

/**
 * "What would change": each object's planned action and, for updates, the field-level diff;
 * then the drift (fields live but not in the manifests, with who set them) and the consent to
 * take them over and remove them on deploy.
 */
export function PlanView({
  plan,
  lint,
  scope,
  takeOver,
  onTakeOver,
}: {
  plan: ObjectPlan[];
  /** Manifest lint findings (F9), shown above the diff. */
  lint: LintFinding[];
  scope: string;
  takeOver: boolean;
  onTakeOver: (v: boolean) => void;
}) {
  const count = (a: PlanAction) => plan.filter((p) => p.action === a).length;
  const drifted = plan.filter((p) => p.drift?.length);
  const driftCount = drifted.reduce((n, p) => n + (p.drift?.length ?? 0), 0);
  const nothing = plan.every((p) => p.action === "unchanged") && drifted.length === 0;
  return (
    <Card data-testid="plan-view">
      <CardHeader
        title={`What would change · ${scope}`}
        subtitle="Server-side dry-run apply against the live objects; nothing was changed."
        actions={
          <span className="flex gap-1.5">
            <Badge tone="green">{count("create")} create</Badge>
            <Badge tone="violet">{count("update")} update</Badge>
            <Badge tone="slate">{count("unchanged")} unchanged</Badge>
            {count("error") ? <Badge tone="red">{count("error")} error</Badge> : null}
            {driftCount ? <Badge tone="amber">{driftCount} drift</Badge> : null}
          </span>
        }
      />
      <CardBody>
        {nothing ? (
          <p data-testid="plan-nothing" className="text-sm">
            Nothing would change: the cluster matches the manifests.
          </p>
        ) : null}
        {lint.length ? (
          <ul
            data-testid="plan-lint"
            className="mb-3 space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
          >
            {lint.map((f) => (
              <li key={`${f.object} ${f.container} ${f.rule}`} data-testid="lint-row">
                <span className="font-mono text-xs">
                  {f.object} · {f.container}
                </span>
                : {f.message}
              </li>
            ))}
          </ul>
        ) : null}
        {drifted.length ? (
          <div
            data-testid="plan-drift"
            className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
          >
            <p className="font-medium">
              The live objects differ from the manifests: {driftCount} field
              {driftCount === 1 ? " was" : "s were"} set outside them.
            </p>
            <p className="mt-1 text-xs">
              Server-side apply leaves fields another manager owns, so a plain deploy keeps these.
              Taking them over hands them to the dashboard and removes them, as{" "}
              <code>kubectl apply --server-side</code> does when migrating from client-side apply.
            </p>
            <table className="mt-2 w-full font-mono text-xs">
              <tbody>
                {drifted.flatMap((p) =>
                  (p.drift ?? []).map((d) => (
                    <tr key={`${p.key} ${d.path}`} data-testid="drift-row" className="align-top">
                      <td className="py-0.5 pr-3 break-all">
                        {p.kind}/{p.name} {d.path}
                      </td>
                      <td className="py-0.5 pr-3 break-all">{d.value}</td>
                      <td className="py-0.5 whitespace-nowrap" data-testid="drift-manager">
                        {d.manager}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
            <label className="mt-2 flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={takeOver}
                onChange={(e) => onTakeOver(e.target.checked)}
                data-testid="take-over-drift"
              />
              Take over and remove these fields on deploy
            </label>
          </div>
        ) : null}
        <ul className="divide-y divide-slate-100 dark:divide-slate-800">
          {plan
            .filter((p) => p.action !== "unchanged")
            .map((p) => (
              <li
                key={p.key}
                className="py-2"
                data-testid="plan-row"
                data-key={p.key}
                data-action={p.action}
              >
                <div className="flex items-center gap-2">
                  <Badge tone={TONE[p.action]}>{p.action}</Badge>
                  <span className="text-sm text-slate-500 dark:text-slate-400">{p.kind}</span>
                  <span className="font-mono text-xs">
                    {p.namespace ? `${p.namespace}/${p.name}` : p.name}
                  </span>
                </div>
                {p.message ? (
                  <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">{p.message}</p>
                ) : null}
                {p.changes.length ? (
                  <table className="mt-1.5 w-full font-mono text-xs">
                    <tbody>
                      {p.changes.map((c) => (
                        <tr key={c.path + c.op} data-testid="diff-row" className="align-top">
                          <td className="py-0.5 pr-3 break-all text-slate-700 dark:text-slate-200">
                            {c.path}
                          </td>
                          <td className="py-0.5 pr-2 break-all text-rose-700 line-through decoration-rose-400/60 dark:text-rose-300">
                            {c.before ?? ""}
                          </td>
                          <td className="py-0.5 break-all text-emerald-700 dark:text-emerald-300">
                            {c.after ?? (c.op === "remove" ? "(removed)" : "")}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </li>
            ))}
        </ul>
      </CardBody>
    </Card>
  );
}
