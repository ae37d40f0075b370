import { z } from "zod";
import { WIRING_STEP_IDS } from "@/lib/wiring/plan";

/** A DNS-1123 label: the shape of every app (Deployment) name. Membership is checked against the stack. */
export const AppNameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "not an app name");

/** A single-use confirmation token from a prepare step (see lib/auth/intent.ts). */
const IntentTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{24}$/, "missing or malformed confirmation token");

const AppActionKindSchema = z.enum(["restart", "stop", "start"]);
export type AppActionKind = z.infer<typeof AppActionKindSchema>;

/** Ask to restart/stop/start an app ("all" only for restart). */
export const PrepareAppActionInputSchema = z.strictObject({
  action: AppActionKindSchema,
  app: z.union([z.literal("all"), AppNameSchema]),
});

export const RestartAppInputSchema = z.strictObject({
  app: z.union([z.literal("all"), AppNameSchema]),
  intent: IntentTokenSchema,
});

/** Replicas are only ever 0 (stop) or 1 (start): RWO config claims and the Recreate strategy. */
export const ScaleAppInputSchema = z.strictObject({
  app: AppNameSchema,
  replicas: z.union([z.literal(0), z.literal(1)]),
  intent: IntentTokenSchema,
});

/** A pod name (DNS-1123 subdomain); membership in the app is checked against the live model. */
const PodNameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "not a pod name");

/** Ask to force-delete a pod stuck Terminating on a NotReady node (F8). */
export const PrepareForceDeleteInputSchema = z.strictObject({
  app: AppNameSchema,
  pod: PodNameSchema,
});

export const ForceDeletePodInputSchema = z.strictObject({
  app: AppNameSchema,
  pod: PodNameSchema,
  intent: IntentTokenSchema,
});

const DeployScopeSchema = z.union([z.literal("all"), AppNameSchema]);

export const PlanDeployInputSchema = z.strictObject({ scope: DeployScopeSchema });

export const StartDeployInputSchema = z.strictObject({
  scope: DeployScopeSchema,
  intent: IntentTokenSchema,
  /** The user confirmed making the Released data PV bindable again (its data is kept). */
  releaseVolume: z.boolean(),
  /**
   * The user confirmed taking over and removing fields other managers set outside the
   * manifests (drift, F10). Without it a deploy keeps them.
   */
  takeOverDrift: z.boolean().optional(),
});

export const PrepareTeardownInputSchema = z.strictObject({});
export const PrepareDeployInputSchema = z.strictObject({});

export const TeardownInputSchema = z.strictObject({
  /** The namespace name, typed by the user */
  confirm: z.string().max(253),
  intent: IntentTokenSchema,
  /** The admin password again (step-up): a stolen or left-open session cannot delete the stack. */
  password: z.string().min(1, "enter the password").max(1024, "password too long"),
});

/** A job's id (lib/jobs/registry.ts): 16 url-safe characters. */
export const JobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16}$/, "malformed job id");

/** The audit's and the probe's commands are fixed in code: starting them takes no options at all. */
export const NoOptionsSchema = z.strictObject({}).optional();

export const CancelJobInputSchema = z.strictObject({ id: JobIdSchema });

/** The first issue of a failed parse, as one line for the user. */
export function issueText(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return "invalid input";
  const where = i.path.length ? `${i.path.join(".")}: ` : "";
  return `invalid input — ${where}${i.message}`.slice(0, 200);
}

/** Preview the wiring (read-only): no options. */
export const PreviewWiringInputSchema = z.strictObject({});

/** Run Wire all with the confirmation the preview issued. */
export const WireAllInputSchema = z.strictObject({ intent: IntentTokenSchema });

/** A wiring step's id (lib/wiring/plan.ts WIRING_STEP_IDS). */
const WiringStepIdSchema = z.enum(WIRING_STEP_IDS, "not a wiring step");

/** Run one wiring step (including the offered NFS tuning) with the preview's confirmation. */
export const WireStepInputSchema = z.strictObject({
  step: WiringStepIdSchema,
  intent: IntentTokenSchema,
});
