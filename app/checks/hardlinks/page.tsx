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
        ? `'${a.replaceAll(RECORD_MARK, "\\x1f")}'`
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
            the shared claim (Radarr or Sonarr first). Torrents are counted once per inode. A media
            file is <em>linked to a torrent</em> only when it shares its inode with a torrent; links
            only inside media/ and torrents linked only inside torrents/ (cross-seed) are counted
            apart. A <em>copy</em> has one link and a finished torrent of the same size exists.
            Unfinished downloads (<code>.!qB</code>, sparse or preallocated) are listed with their
            apparent and allocated size, never as copies. Unreadable entries are reported by cause,
            never as &quot;not linked&quot;.
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
