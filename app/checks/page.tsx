import type { Metadata } from "next";
import Link from "next/link";
import { ChecklistPanel } from "@/components/checks/checklist-panel";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageSession } from "@/lib/auth/server";
import { gatherChecklist } from "@/lib/checks/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checks" };

export default async function ChecksPage() {
  await requirePageSession();
  // What the dashboard already knows: no exec on a page load (lib/checks/server.ts).
  const initial = await gatherChecklist();
  return (
    <>
      <PageHeader
        title="Verification checklist"
        description="The seed's checklist, evaluated live from the cluster and the checks' last results."
        actions={
          <Link
            href="/checks/hardlinks"
            className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-400"
          >
            Hardlink audit →
          </Link>
        }
      />
      <ChecklistPanel initial={initial} />
    </>
  );
}
