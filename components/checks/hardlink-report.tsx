import type { HardlinkReport, FileRef } from "@/lib/hardlinks/report";
import { formatBytes } from "@/lib/format";

function Files({
  title,
  files,
  total,
  testid,
}: {
  title: string;
  files: FileRef[];
  total: number;
  testid: string;
}) {
  if (total === 0) return null;
  return (
    <div data-testid={testid} className="mt-4">
      <h3 className="font-medium">
        {title}{" "}
        <span className="text-sm font-normal text-slate-500">
          ({files.length < total ? `largest ${files.length} of ${total}` : total})
        </span>
      </h3>
      <ul className="mt-1 divide-y divide-slate-200 rounded-md border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
        {files.map((f) => (
          <li key={f.path} className="flex justify-between gap-4 px-3 py-1.5">
            <span className="font-mono text-xs break-all">{f.path}</span>
            <span className="shrink-0 tabular-nums">{formatBytes(f.size)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const Row = ({
  label,
  files,
  bytes,
  testid,
  tone,
}: {
  label: string;
  files: number;
  bytes?: number;
  testid: string;
  tone?: string;
}) => (
  <tr data-testid={testid} data-files={files} data-bytes={bytes ?? ""} className={tone}>
    <td className="py-1 pr-4">{label}</td>
    <td className="py-1 pr-4 text-right tabular-nums">{files}</td>
    <td className="py-1 text-right tabular-nums">
      {bytes === undefined ? "" : formatBytes(bytes)}
    </td>
  </tr>
);

/** The audit's result, laid out so a person can act: what is wasted, where, and what was not checked. */
export function HardlinkReportView({ report }: { report: HardlinkReport }) {
  const r = report;
  return (
    <div>
      {r.rootFailures.map((f) => (
        <p
          key={f.path}
          data-testid="hl-root-failure"
          className="mb-3 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {f.path} could not be read: {f.message}. {f.remedy}.
        </p>
      ))}
      {!r.completeness.complete && (
        <p
          data-testid="hl-incomplete"
          className="mb-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          Incomplete output ({r.completeness.reason}): these counts cover only what arrived.
        </p>
      )}
      {r.devices.same === false && (
        <p className="mb-3 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {r.roots.torrents} (device {r.devices.torrents.join(", ")}) and {r.roots.media} (device{" "}
          {r.devices.media.join(", ")}) are on different file systems: hardlinks between them are
          impossible, every import is a copy. Mount one volume at the parent directory.
        </p>
      )}
      <table className="text-sm">
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th className="py-1 pr-4 text-left">Media files</th>
            <th className="py-1 pr-4 text-right">Files</th>
            <th className="py-1 text-right">Size (apparent)</th>
          </tr>
        </thead>
        <tbody>
          <Row
            testid="hl-media"
            label="All under media/"
            files={r.media.files}
            bytes={r.media.bytes}
          />
          <Row
            testid="hl-linked"
            label="Linked to a torrent (hardlink)"
            files={r.media.linkedToTorrent.files}
            bytes={r.media.linkedToTorrent.bytes}
            tone="text-emerald-700 dark:text-emerald-300"
          />
          <Row
            testid="hl-linked-elsewhere"
            label="Linked, but not to a torrent"
            files={r.media.linkedNotToTorrent.files}
            bytes={r.media.linkedNotToTorrent.bytes}
          />
          <Row
            testid="hl-copies"
            label="Copies of a torrent (bytes wasted)"
            files={r.media.copies.files}
            bytes={r.media.copies.bytes}
            tone={r.media.copies.files ? "text-red-700 dark:text-red-300 font-medium" : ""}
          />
          <Row
            testid="hl-standalone"
            label="No torrent of that size"
            files={r.media.standalone.files}
            bytes={r.media.standalone.bytes}
          />
          <Row
            testid="hl-cannot"
            label="Could not check"
            files={r.cannotCheck.count}
            tone={r.cannotCheck.count ? "text-amber-800 dark:text-amber-300 font-medium" : ""}
          />
          <Row
            testid="hl-torrents"
            label={`Torrent files (per inode; ${r.torrents.paths} paths)`}
            files={r.torrents.files}
            bytes={r.torrents.bytes}
          />
          <Row
            testid="hl-orphans"
            label="Torrents never imported"
            files={r.torrents.orphans.files}
            bytes={r.torrents.orphans.bytes}
          />
          <Row
            testid="hl-cross-seed"
            label="… of which linked only inside torrents/ (cross-seed)"
            files={r.torrents.crossSeedOnly.files}
            bytes={r.torrents.crossSeedOnly.bytes}
          />
          <Row
            testid="hl-unfinished"
            label={`Unfinished downloads (${formatBytes(r.torrents.unfinished.allocatedBytes)} allocated)`}
            files={r.torrents.unfinished.files}
            bytes={r.torrents.unfinished.bytes}
          />
        </tbody>
      </table>
      <p data-testid="hl-wasted" data-bytes={r.bytesWasted} className="mt-3 text-sm">
        Bytes wasted by copies: <span className="font-semibold">{formatBytes(r.bytesWasted)}</span>
        {r.bytesWasted > 0 &&
          " — re-import these with hardlinks (or delete the torrent copy once seeding is done)."}
      </p>
      <Files
        testid="hl-copy-list"
        title="Largest copies"
        files={r.largestCopies}
        total={r.media.copies.files}
      />
      <Files
        testid="hl-orphan-list"
        title="Largest torrents never imported"
        files={r.largestOrphans}
        total={r.torrents.orphans.files}
      />
      {r.largestUnfinished.length > 0 && (
        <div data-testid="hl-unfinished-list" className="mt-4">
          <h3 className="font-medium">Unfinished downloads</h3>
          <p className="text-sm text-slate-500">
            Not counted as never imported nor as copy sources: qBittorrent is still writing them (a
            .!qB name, a temporary folder, or fewer bytes allocated than their size).
          </p>
          <ul className="mt-1 space-y-0.5 font-mono text-xs break-all">
            {r.largestUnfinished.map((f) => (
              <li key={f.path}>
                {f.path} — {formatBytes(f.size)} apparent, {formatBytes(f.allocatedBytes)} allocated
              </li>
            ))}
          </ul>
        </div>
      )}
      {r.cannotCheck.count > 0 && (
        <div data-testid="hl-cannot-list" className="mt-4">
          <h3 className="font-medium">Could not check ({r.cannotCheck.count})</h3>
          <ul className="mt-1 space-y-0.5 text-sm">
            {r.cannotCheck.groups.map((g) => (
              <li key={g.cls} data-testid="hl-cannot-group">
                <span className="font-medium">
                  {g.count} × {g.label}
                </span>{" "}
                ({g.errno}): {g.remedy}
              </li>
            ))}
          </ul>
          <p className="text-sm text-slate-500">
            These are not counted as linked or as copies. Often an unreadable directory (NFS
            root_squash) or a file removed during the audit.
          </p>
          <ul className="mt-1 space-y-0.5 font-mono text-xs break-all">
            {r.cannotCheck.entries.map((e, i) => (
              <li key={i}>
                {e.path ?? "(no path)"} — {e.reason}
              </li>
            ))}
            {r.cannotCheck.truncated && (
              <li>… and {r.cannotCheck.count - r.cannotCheck.entries.length} more</li>
            )}
          </ul>
        </div>
      )}
    </div>
  );
}
