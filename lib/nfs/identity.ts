/**
 * The identity an app really runs as, read from its Deployment (F5): LinuxServer images switch to
 * PUID/PGID from the container's env; other images run as securityContext.runAsUser/runAsGroup
 * (container first, then pod). The exec identity is a different thing (uid 0, reduced
 * capabilities) and is never taken for the app's.
 * @see https://docs.linuxserver.io/general/understanding-puid-and-pgid/
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
import { z } from "zod";
import type { Identity } from "./probe";

const IdSchema = z.coerce.number().int().min(0).max(4_294_967_294);

const ContainerSchema = z.looseObject({
  name: z.string(),
  env: z.array(z.looseObject({ name: z.string(), value: z.string().optional() })).optional(),
  securityContext: z
    .looseObject({ runAsUser: z.number().optional(), runAsGroup: z.number().optional() })
    .optional(),
});

const DeploymentSchema = z.looseObject({
  kind: z.literal("Deployment"),
  metadata: z.looseObject({ name: z.string() }),
  spec: z.looseObject({
    template: z.looseObject({
      spec: z.looseObject({
        securityContext: z
          .looseObject({ runAsUser: z.number().optional(), runAsGroup: z.number().optional() })
          .optional(),
        containers: z.array(ContainerSchema),
      }),
    }),
  }),
});

export interface AppIdentity extends Identity {
  /** Where it came from, for messages: "PUID/PGID" or "securityContext". */
  source: "PUID/PGID" | "securityContext";
}

/**
 * The app's uid/gid from a Deployment object (manifest or live) and its container name, or null
 * when the Deployment does not say (then only the exec identity's test is known).
 */
export function appIdentity(deployment: unknown, containerName: string): AppIdentity | null {
  const d = DeploymentSchema.safeParse(deployment);
  if (!d.success) return null;
  const pod = d.data.spec.template.spec;
  const c = pod.containers.find((x) => x.name === containerName);
  if (!c) return null;
  const env = new Map((c.env ?? []).map((e) => [e.name, e.value]));
  const puid = IdSchema.safeParse(env.get("PUID"));
  const pgid = IdSchema.safeParse(env.get("PGID"));
  if (puid.success && pgid.success) return { uid: puid.data, gid: pgid.data, source: "PUID/PGID" };
  const uid = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
  // Without runAsGroup the runtime uses the image's group for that uid, or 0 for a bare number.
  const gid = c.securityContext?.runAsGroup ?? pod.securityContext?.runAsGroup ?? 0;
  if (uid === undefined) return null;
  return { uid, gid, source: "securityContext" };
}
