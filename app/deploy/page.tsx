import type { Metadata } from "next";
import { DeployPanel } from "@/components/deploy/deploy-panel";
import { PageError, reasonOf } from "@/components/shell/page-error";
import { PageHeader } from "@/components/ui/page-header";
import { actionAvailability } from "@/lib/actions/availability";
import { requirePageSession } from "@/lib/auth/server";
import { deployPageState } from "@/lib/deploy/server";

export const metadata: Metadata = { title: "Deploy" };
export const dynamic = "force-dynamic";

export default async function DeployPage() {
  await requirePageSession();
  let state, availability;
  try {
    [state, availability] = await Promise.all([deployPageState(), actionAvailability()]);
  } catch (e) {
    return <PageError title="The deploy page could not load" reason={reasonOf(e)} />;
  }
  return (
    <>
      <PageHeader
        title="Deploy"
        description={`Server-side apply of k8s/${state.namespace} in dependency order, then rollouts until every app is Ready.`}
      />
      <DeployPanel initial={state} availability={availability} />
    </>
  );
}
