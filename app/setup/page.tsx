import type { Metadata } from "next";
import { PageError, reasonOf } from "@/components/shell/page-error";
import { SetupFlow } from "@/components/setup/setup-flow";
import { PageHeader } from "@/components/ui/page-header";
import { actionAvailability } from "@/lib/actions/availability";
import { requirePageSession } from "@/lib/auth/server";
import { setupPageState } from "@/lib/wiring/server";

export const metadata: Metadata = { title: "Setup" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  await requirePageSession();
  let state, availability;
  try {
    [state, availability] = await Promise.all([setupPageState(), actionAvailability()]);
  } catch (e) {
    return <PageError title="The setup page could not load" reason={reasonOf(e)} />;
  }
  return (
    <>
      <PageHeader
        title="Set up the stack"
        description="From an empty cluster to a working media stack: deploy, wait for Ready, wire the apps to each other (every change previewed first), then verify."
      />
      <SetupFlow initial={state} availability={availability} />
    </>
  );
}
