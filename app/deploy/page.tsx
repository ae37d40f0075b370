import type { Metadata } from "next";
import { DeployPanel } from "@/components/deploy/deploy-panel";
import { PageHeader } from "@/components/ui/page-header";
import { actionAvailability } from "@/lib/actions/availability";
import { deployPageState } from "@/lib/actions/deploy";
import { clientKey } from "@/lib/auth/throttle";
import { requirePageSession } from "@/lib/auth/server";
import { headers } from "next/headers";

export const metadata: Metadata = { title: "Deploy" };
export const dynamic = "force-dynamic";

export default async function DeployPage() {
  const session = await requirePageSession();
  const ctx = {
    actor: "admin" as const,
    sid: session.sid,
    client: clientKey((await headers()).get("x-forwarded-for")),
  };
  const [state, availability] = await Promise.all([deployPageState(ctx), actionAvailability()]);
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
