import "server-only";
import { execStream, type ExecTarget } from "./exec";
import {
  judgeNfsProbe,
  nfsProbeCommand,
  parseNfsProbe,
  WRITABLE_SUBDIRS,
  type NfsHealth,
} from "@/lib/nfs/probe";

const MAX_OUTPUT = 64 * 1024;

/** Runs the NFS probe in one pod and judges it. Never throws: an exec failure is returned as such. */
export async function probeNfs(
  target: ExecTarget,
  app: string,
  mountPath: string,
  timeoutMs = 20_000,
): Promise<{ ok: true; health: NfsHealth } | { ok: false; error: string }> {
  const writable = (WRITABLE_SUBDIRS[app] ?? []).map((d) => `${mountPath}/${d}`);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let size = 0;
  const keep = (into: Buffer[]) => (c: Buffer) => {
    if (size + c.length > MAX_OUTPUT) return;
    size += c.length;
    into.push(Buffer.from(c));
  };
  try {
    await execStream(target, nfsProbeCommand(mountPath, writable), {
      onStdout: keep(out),
      onStderr: keep(err),
      timeoutMs,
    });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const probe = parseNfsProbe(
    mountPath,
    Buffer.concat(out).toString("utf8"),
    Buffer.concat(err).toString("utf8"),
  );
  return { ok: true, health: judgeNfsProbe(mountPath, probe, writable) };
}
