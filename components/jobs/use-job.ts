"use client";

import { useCallback, useEffect, useState } from "react";
import type { JobKind, JobView } from "@/lib/jobs/registry";

/**
 * Follows one job of the registry (lib/jobs) over `GET /api/jobs/[id]/events`. The stream starts
 * with the job's current state, so a reload loses nothing; `follow(id)` switches to a new job.
 * `lost` is set when the stream closed before the job ended.
 */
export function useJob<K extends JobKind>(initial: JobView<K> | undefined | null) {
  const [job, setJob] = useState<JobView<K> | undefined>(initial ?? undefined);
  const [followId, setFollowId] = useState<string | undefined>(
    initial?.status === "running" ? initial.id : undefined,
  );
  // The id of a job whose stream closed before it ended.
  const [lostId, setLostId] = useState<string | null>(null);
  useEffect(() => {
    if (!followId) return;
    const es = new EventSource(`/api/jobs/${followId}/events`);
    let ended = false;
    es.addEventListener("job", (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as JobView<K>;
      setJob((cur) => (cur && cur.id === next.id && cur.version > next.version ? cur : next));
      if (next.status !== "running") {
        ended = true;
        es.close();
      }
    });
    es.onerror = () => {
      if (!ended && es.readyState === EventSource.CLOSED) setLostId(followId);
    };
    return () => es.close();
  }, [followId]);
  const follow = useCallback((id: string) => {
    setJob(undefined);
    setFollowId(id);
  }, []);
  return { job, follow, lost: lostId !== null && lostId === followId };
}
