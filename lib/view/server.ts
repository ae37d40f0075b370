import "server-only";
import { getLiveModel } from "@/lib/k8s/live";
import { getStack } from "@/lib/stack/server";
import { buildDashboardView, type DashboardView } from "./dashboard";

const g = globalThis as { __arrViewCache?: { version: number; view: DashboardView } };

/**
 * The dashboard view for the current snapshot. Built once per snapshot version (every open tab
 * refetches after each change; they share one build), with connectivity always current.
 */
export function getDashboardView(): DashboardView {
  const live = getLiveModel();
  const snapshot = live.snapshot();
  const cached = g.__arrViewCache;
  if (cached?.version === snapshot.version) return { ...cached.view, status: snapshot.status };
  const view = buildDashboardView(getStack(), snapshot);
  g.__arrViewCache = { version: snapshot.version, view };
  return view;
}
