import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/checks/auto-refresh";
import { ChecklistView } from "@/components/checks/checklist-view";
import { NfsHealthTable } from "@/components/checks/nfs-health-table";
import { requirePageSession } from "@/lib/auth/server";
import { gatherChecklist } from "@/lib/checks/gather";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checks · arr-dashboard" };

export default async function ChecksPage() {
  await requirePageSession();
  const { report, nfs, error } = await gatherChecklist();
  return (
    <main className="mx-auto max-w-5xl p-6">
      <AutoRefresh seconds={15} />
      <div className="flex items-baseline justify-between gap-4">
        <h1 className="text-2xl font-semibold">Verification checklist</h1>
        <Link
          href="/checks/hardlinks"
          className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-400"
        >
          Hardlink audit →
        </Link>
      </div>
      <p className="mt-1 text-sm text-slate-500">
        The seed&apos;s checklist, evaluated live. Updated{" "}
        {new Date(report.generatedAt).toLocaleTimeString()}.
      </p>
      {error && (
        <p className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      )}
      <div className="mt-4">
        <ChecklistView report={report} />
      </div>
      <h2 className="mt-8 text-lg font-semibold">NFS health per pod</h2>
      <div className="mt-2">
        <NfsHealthTable nfs={nfs} />
      </div>
    </main>
  );
}
