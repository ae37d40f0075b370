import { AppActions } from "@/components/actions/app-actions";
import { actionAvailability } from "@/lib/actions/availability";
import { currentSession, requirePageSession } from "@/lib/auth/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppDetail } from "@/components/stack/app-detail";
import { PageError, reasonOf } from "@/components/shell/page-error";
import { getStack } from "@/lib/stack/server";
import { AppSelfReportCard } from "@/components/apps/app-self-report";
import { appsEvidenceWithin } from "@/lib/apps/server";
import { appSelfReport } from "@/lib/apps/self-report";
import { API_APPS, type ApiApp } from "@/lib/apps/types";
import { CauseLogLines } from "@/components/logs/cause-log-lines";
import { recentHighlightedLines } from "@/lib/logs/server";
import { getDashboardView } from "@/lib/view/server";

/** How long the page waits for the app's own API before rendering without it. */
const SELF_REPORT_WAIT_MS = 5_500;
/** The log lines searched for a health reason's evidence, and how long the read may take. */
const CAUSE_TAIL_LINES = 1000;
const CAUSE_READ_MS = 5_000;

/**
 * When the app's health reason names its proof in a container's log (F9, `logEvidence`), the
 * matching lines of that container's recent log, or why they could not be read; else null.
 */
async function causeLines(app: string) {
  const evidence = getDashboardView().apps.find((a) => a.name === app)?.health.logEvidence;
  if (!evidence) return null;
  return recentHighlightedLines(app, {
    pod: evidence.pod,
    container: evidence.container,
    only: evidence.highlights,
    tailLines: CAUSE_TAIL_LINES,
    signal: AbortSignal.timeout(CAUSE_READ_MS),
  });
}

type Props = { params: Promise<{ app: string }> };

/** The app must be one of the stack's (from k8s/media); anything else is a 404. */
function findApp(name: string) {
  try {
    return getStack().apps.find((a) => a.name === name);
  } catch {
    return undefined;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  if (!(await currentSession())) return { title: "Sign in" };
  const { app } = await params;
  return { title: findApp(app)?.displayName ?? "Not found" };
}

export default async function AppPage({ params }: Props) {
  await requirePageSession();
  const { app } = await params;
  try {
    getStack();
  } catch (e) {
    return <PageError title="The stack's manifests did not load" reason={reasonOf(e)} />;
  }
  const found = findApp(app);
  if (!found) notFound();
  const apiApp = API_APPS.find((a): a is ApiApp => a === app);
  const [availability, evidence, cause] = await Promise.all([
    actionAvailability(),
    apiApp ? appsEvidenceWithin(getStack(), SELF_REPORT_WAIT_MS) : null,
    causeLines(app),
  ]);
  const report = apiApp && evidence ? appSelfReport(apiApp, evidence, found.displayName) : null;
  return (
    <>
      <div className="mb-4 flex justify-end">
        <AppActions app={app} availability={availability} size="md" />
      </div>
      <AppDetail
        name={app}
        cause={cause ? <CauseLogLines read={cause} tailLines={CAUSE_TAIL_LINES} /> : null}
      />
      {report ? <AppSelfReportCard report={report} name={found.displayName} /> : null}
    </>
  );
}
