import { AppActions } from "@/components/actions/app-actions";
import { actionAvailability } from "@/lib/actions/availability";
import { currentSession, requirePageSession } from "@/lib/auth/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AppDetail } from "@/components/stack/app-detail";
import { PageError, reasonOf } from "@/components/shell/page-error";
import { getStack } from "@/lib/stack/server";

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
  if (!findApp(app)) notFound();
  const availability = await actionAvailability();
  return (
    <>
      <div className="mb-4 flex justify-end">
        <AppActions app={app} availability={availability} size="md" />
      </div>
      <AppDetail name={app} />
    </>
  );
}
