import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { AppSelfReport } from "@/lib/apps/self-report";

const TONE: Record<string, Tone> = { error: "red", warning: "amber", notice: "blue", ok: "green" };

/** The app's own view of itself (its API): version, health messages, stuck downloads. */
export function AppSelfReportCard({ report, name }: { report: AppSelfReport; name: string }) {
  return (
    <Card className="mt-4" data-testid="app-self-report">
      <CardHeader
        title={`What ${name} says about itself`}
        subtitle={report.version ? `Version ${report.version} (from its API)` : "From its own API"}
      />
      <CardBody>
        {report.error ? (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="self-report-error">
            Could not ask {name}: {report.error}
          </p>
        ) : report.health.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No health messages.</p>
        ) : (
          <ul className="space-y-2" data-testid="self-report-health">
            {report.health.map((h) => (
              <li key={`${h.source}:${h.message}`} className="text-sm">
                <Badge tone={TONE[h.type] ?? "slate"}>{h.type}</Badge>{" "}
                <span className="font-mono text-xs">{h.source}</span> {h.message}
                {h.wikiUrl ? (
                  <>
                    {" "}
                    <a
                      className="text-sky-700 underline dark:text-sky-300"
                      href={h.wikiUrl}
                      rel="noreferrer noopener"
                      target="_blank"
                    >
                      wiki
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {report.queue ? (
          <div className="mt-3 text-sm" data-testid="self-report-queue">
            <p>
              Queue: {report.queue.total} item{report.queue.total === 1 ? "" : "s"}
              {report.queue.problems.length > 0
                ? `, ${report.queue.problems.length} with import problems`
                : ", none stuck"}
            </p>
            <ul className="mt-1 list-disc pl-5">
              {report.queue.problems.map((p) => (
                <li key={p.title}>
                  <span className="font-mono text-xs">{p.title}</span> ({p.state})
                  {p.messages.length > 0 ? `: ${p.messages.join("; ")}` : ""}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
