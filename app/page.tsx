import { Overview } from "@/components/stack/overview";
import { actionAvailability } from "@/lib/actions/availability";
import { requirePageSession } from "@/lib/auth/server";
import { appsEvidenceWithin } from "@/lib/apps/server";
import { appSelfReport } from "@/lib/apps/self-report";
import { getStack } from "@/lib/stack/server";
import { API_APPS } from "@/lib/apps/types";

/** The overview waits this long for the apps' own health (cached answers come at once). */
const FLAG_WAIT_MS = 1_500;

/** Per app, one line when its own API reports errors (shown on its card while it is Running). */
async function selfFlags(): Promise<Record<string, string>> {
  let stack;
  try {
    stack = getStack();
  } catch {
    return {};
  }
  const ev = await appsEvidenceWithin(stack, FLAG_WAIT_MS);
  if (!ev) return {};
  const flags: Record<string, string> = {};
  for (const app of API_APPS) {
    const name = stack.apps.find((a) => a.name === app)?.displayName ?? app;
    const flag = appSelfReport(app, ev, name).flag;
    if (flag) flags[app] = flag;
  }
  return flags;
}

export default async function OverviewPage() {
  await requirePageSession();
  // What the dashboard may do (cached access reviews): the cards' buttons say why when not.
  const [availability, flags] = await Promise.all([
    actionAvailability().catch(() => undefined),
    selfFlags(),
  ]);
  return <Overview availability={availability} selfFlags={flags} />;
}
