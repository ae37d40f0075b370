import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatBytes } from "@/lib/format";
import type { PairsEvidence } from "@/lib/hardlinks/pairs";

const TONE: Record<string, Tone> = {
  hardlinked: "green",
  copied: "red",
  moved: "slate",
  missing: "amber",
};

/** Sonarr's and Radarr's import pairs (their history), stat'ed in a pod: linked, copied, moved. */
export function ImportPairs({ evidence }: { evidence: PairsEvidence | null }) {
  return (
    <Card className="mt-6" data-testid="import-pairs">
      <CardHeader
        title="The apps' own evidence: import history"
        subtitle="Each import Sonarr and Radarr recorded (droppedPath → importedPath), stat'ed with every audit: same device and inode = hardlinked"
      />
      <CardBody>
        {!evidence ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Runs with the next audit.</p>
        ) : !evidence.result.ok ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Could not stat the pairs in {evidence.pod}: {evidence.result.error}
          </p>
        ) : (
          <>
            <p className="text-sm" data-testid="import-pairs-summary">
              {evidence.result.report.counts.hardlinked} hardlinked,{" "}
              {evidence.result.report.counts.copied} copied (
              {formatBytes(evidence.result.report.bytesWasted)} stored twice),{" "}
              {evidence.result.report.counts.moved} moved, {evidence.result.report.counts.missing}{" "}
              missing — in {evidence.pod}
            </p>
            <ul className="mt-2 space-y-1 text-xs">
              {evidence.result.report.pairs
                .filter((p) => p.verdict !== "hardlinked")
                .slice(0, 20)
                .map((p) => (
                  <li key={`${p.droppedPath}→${p.importedPath}`}>
                    <Badge tone={TONE[p.verdict] ?? "slate"}>{p.verdict}</Badge>{" "}
                    <span className="font-mono break-all">
                      {p.droppedPath} → {p.importedPath}
                    </span>
                  </li>
                ))}
            </ul>
            {evidence.result.report.rejected.length > 0 ? (
              <p className="mt-2 text-xs text-slate-500">
                Not checked: {evidence.result.report.rejected.length} path(s) (e.g.{" "}
                {evidence.result.report.rejected[0]?.path}:{" "}
                {evidence.result.report.rejected[0]?.reason})
              </p>
            ) : null}
          </>
        )}
        {evidence && evidence.unavailable.length > 0 ? (
          <p className="mt-2 text-xs text-slate-500">
            History unavailable: {evidence.unavailable.join("; ")}
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
