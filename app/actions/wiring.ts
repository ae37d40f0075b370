"use server";
// The wiring's actions, through the one gate (origin, session, zod, metrics, action log + Event
// on the Deployments of the apps changed: lib/actions/gate.ts): preview (read-only, issues the
// confirmation), Wire all (a `wire` job) and one step (also the offered qBittorrent NFS tuning).
import { defineAction } from "@/lib/actions/gate";
import { wiringActions } from "@/lib/wiring/server";

export const previewWiring = defineAction(wiringActions.previewWiring);
export const wireAll = defineAction(wiringActions.wireAll);
export const wireStep = defineAction(wiringActions.wireStep);
