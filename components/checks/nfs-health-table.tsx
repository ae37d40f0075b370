import { RelativeTime } from "@/components/ui/relative-time";
import type { NfsSnapshot } from "@/lib/checks/checklist";
import { VerdictBadge } from "./verdict-badge";

/** NFS health per pod: one row per pod that mounts the shared claim, one cell per finding. */
export function NfsHealthTable({ nfs }: { nfs: NfsSnapshot | null }) {
  if (!nfs)
    return (
      <p className="text-sm text-slate-500">
        Not probed yet: probes run when a pod that mounts the claim becomes Ready, then every
        minute.
      </p>
    );
  if (nfs.results.length === 0)
    return <p className="text-sm text-slate-500">No Ready pod mounts the shared claim.</p>;
  return (
    <div className="overflow-x-auto">
      <table data-testid="nfs-health" className="w-full text-left text-sm">
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th className="py-2 pr-3">Pod</th>
            <th className="py-2 pr-3">Verdict</th>
            <th className="py-2">Findings</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {nfs.results.map((r) => (
            <tr key={r.pod} data-testid={`nfs-${r.app}`} className="align-top">
              <td className="py-2 pr-3 font-mono text-xs">{r.pod}</td>
              <td className="py-2 pr-3">
                {r.result.ok ? (
                  <VerdictBadge verdict={r.result.health.verdict} />
                ) : (
                  <VerdictBadge verdict="could-not-check" />
                )}
              </td>
              <td className="py-2">
                {r.result.ok ? (
                  <ul className="space-y-0.5">
                    {r.result.health.findings.map((f, i) => (
                      <li
                        key={i}
                        className={
                          f.verdict === "fail"
                            ? "text-red-700 dark:text-red-300"
                            : f.verdict === "could-not-check"
                              ? "text-amber-800 dark:text-amber-300"
                              : ""
                        }
                      >
                        <span className="font-medium">{f.name}</span>: {f.detail}
                      </li>
                    ))}
                    {r.result.health.probe.errors.map((e, i) => (
                      <li key={`e${i}`} className="font-mono text-xs text-slate-500">
                        {e}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-amber-800 dark:text-amber-300">{r.result.error}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-slate-500" data-testid="nfs-probed-at">
        Probed <RelativeTime iso={nfs.at} /> (probes run every minute and when pods change).
      </p>
    </div>
  );
}
