import type { Metadata } from "next";
import Link from "next/link";
import { HardlinkAudit } from "@/components/checks/hardlink-audit";
import { ImportPairs } from "@/components/checks/import-pairs";
import { requirePageSession } from "@/lib/auth/server";
import { auditJobs } from "@/lib/checks/hardlink-jobs";
import { RECORD_MARK, hardlinkAuditCommand } from "@/lib/hardlinks/command";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Hardlink audit · arr-dashboard" };

export default async function HardlinksPage() {
  await requirePageSession();
  const latest = auditJobs().latest() ?? null;
  const command = hardlinkAuditCommand("/data")
    .map((a) =>
      a.includes(RECORD_MARK)
        ? `'${a.replace(RECORD_MARK, "\\x1f")}'`
        : /[\s%{}]/.test(a)
          ? `'${a}'`
          : a,
    )
    .join(" ");
  return (
    <main className="mx-auto max-w-5xl p-6">
      <Link href="/checks" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
        ← Checklist
      </Link>
      <h1 className="mt-2 text-2xl font-semibold">Hardlink audit</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Compares device and inode of every file under <code>/data/media</code> with the files under{" "}
        <code>/data/torrents</code>, through the pod exec API in a Ready pod that mounts the shared
        claim (Radarr or Sonarr first). A file is <em>linked</em> when it shares its inode with a
        torrent or has more than one link, a <em>copy</em> when it has one link and a torrent of the
        same size exists. Unreadable entries are reported as such, never as &quot;not linked&quot;.
      </p>
      <details className="mt-2 text-xs text-slate-500">
        <summary className="cursor-pointer">Command</summary>
        <code className="mt-1 block font-mono break-all">{command}</code>
      </details>
      <div className="mt-5">
        <HardlinkAudit initial={latest} />
      </div>
      <ImportPairs evidence={auditJobs().pairs()} />
    </main>
  );
}
