import type { Metadata } from "next";
import Link from "next/link";
import { HardlinkAudit } from "@/components/checks/hardlink-audit";
import { ImportPairs } from "@/components/checks/import-pairs";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageSession } from "@/lib/auth/server";
import { RECORD_MARK, hardlinkAuditCommand } from "@/lib/hardlinks/command";
import { latestAudit, latestPairs } from "@/lib/hardlinks/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Hardlink audit" };

export default async function HardlinksPage() {
  await requirePageSession();
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
    <>
      <Link href="/checks" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
        ← Checklist
      </Link>
      <PageHeader
        title="Hardlink audit"
        description={
          <>
            Compares device and inode of every file under <code>/data/media</code> with the files
            under <code>/data/torrents</code>, through the pod exec API in a Ready pod that mounts
            the shared claim (Radarr or Sonarr first). A file is <em>linked</em> when it shares its
            inode with a torrent or has more than one link, a <em>copy</em> when it has one link and
            a torrent of the same size exists. Unreadable entries are reported as such, never as
            &quot;not linked&quot;.
          </>
        }
      />
      <details className="-mt-3 mb-5 text-xs text-slate-500">
        <summary className="cursor-pointer">Command</summary>
        <code className="mt-1 block font-mono break-all">{command}</code>
      </details>
      <HardlinkAudit initial={latestAudit() ?? null} />
      <ImportPairs evidence={latestPairs()} />
    </>
  );
}
