/**
 * zod schemas for the kinds the stack is made of. They check what the dashboard relies on (a
 * Deployment has requests and limits, a config claim, a pinned image, no `replicas`, …) and let
 * every other field through untouched: the raw objects are applied as written.
 */
import { z } from "zod";
import { isQuantity } from "@/lib/budget/quantity";

const stringMap = z.record(z.string(), z.string());
const name = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a lower-case DNS name");
const QuantitySchema = z
  .union([z.string(), z.number()])
  .refine(isQuantity, "must be a Kubernetes quantity (e.g. 250m, 1, 512Mi, 2Gi)");

const MetadataSchema = z.looseObject({
  name,
  namespace: name.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

/** Any object in the manifests: apiVersion, kind and a named metadata. */
export const ManifestObjectSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: MetadataSchema,
});

const PSS_LEVELS = ["privileged", "baseline", "restricted"] as const;

const NamespaceSchema = z.looseObject({
  metadata: MetadataSchema.extend({
    labels: z.looseObject({
      // The stack's pods must stay under Pod Security; "privileged" would turn it off.
      "pod-security.kubernetes.io/enforce": z.enum(["baseline", "restricted"], {
        error: "must be set to baseline or restricted",
      }),
      "pod-security.kubernetes.io/audit": z.enum(PSS_LEVELS).optional(),
      "pod-security.kubernetes.io/warn": z.enum(PSS_LEVELS).optional(),
    }),
  }),
});

const accessModes = z
  .array(z.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]))
  .min(1);

export const PersistentVolumeSchema = z.looseObject({
  metadata: MetadataSchema,
  spec: z.looseObject({
    capacity: z.looseObject({ storage: QuantitySchema }),
    accessModes,
    persistentVolumeReclaimPolicy: z.enum(["Retain", "Delete", "Recycle"]),
    storageClassName: z.string().min(1),
    mountOptions: z.array(z.string()).optional(),
    // The stack has exactly one volume, the NFS export; any other source (hostPath above all) is refused.
    nfs: z.looseObject({
      server: z.string().min(1),
      path: z.string().startsWith("/"),
      readOnly: z.boolean().optional(),
    }),
  }),
});

export const PersistentVolumeClaimSchema = z.looseObject({
  metadata: MetadataSchema,
  spec: z.looseObject({
    accessModes,
    storageClassName: z.string().min(1),
    resources: z.looseObject({ requests: z.looseObject({ storage: QuantitySchema }) }),
    selector: z.looseObject({ matchLabels: stringMap.optional() }).optional(),
    volumeName: z.string().optional(),
  }),
});

const resourcePair = z.looseObject({ cpu: QuantitySchema, memory: QuantitySchema });

/** An image with an explicit tag (optionally with a digest) that is not `latest`. */
const PinnedImageSchema = z
  .string()
  .refine(
    (image) => !/\s/.test(image) && /^[\w][\w.-]{0,127}$/.test(imageTag(image) ?? ""),
    "must name an explicit tag (repo:tag)",
  )
  .refine((image) => imageTag(image) !== "latest", "must be pinned to a version, not `latest`");

/** The tag of `repo[:port]/path:tag[@digest]`, or undefined. */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split("@")[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  return colon === -1 ? undefined : withoutDigest.slice(colon + 1);
}

const ContainerSchema = z.looseObject({
  name,
  image: PinnedImageSchema,
  ports: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        containerPort: z.number().int().min(1).max(65535),
        protocol: z.enum(["TCP", "UDP", "SCTP"]).optional(),
      }),
    )
    .min(1, "must declare the port the app listens on"),
  env: z.array(z.looseObject({ name: z.string().min(1), value: z.string().optional() })).optional(),
  resources: z.looseObject({ requests: resourcePair, limits: resourcePair }),
  volumeMounts: z
    .array(
      z.looseObject({
        name: z.string(),
        mountPath: z.string().startsWith("/"),
        subPath: z.string().optional(),
      }),
    )
    .optional(),
});

export const DeploymentSchema = z.looseObject({
  metadata: MetadataSchema.extend({
    labels: z.looseObject({
      "app.kubernetes.io/name": z.string({ error: "is required (it names the app)" }),
    }),
  }),
  spec: z
    .looseObject({
      replicas: z
        .undefined({
          error:
            "must be left out: the default 1 applies on create, and a deploy must never undo a scale",
        })
        .optional(),
      strategy: z.looseObject({
        type: z.literal("Recreate", {
          error: 'must be "Recreate": the config claim is ReadWriteOnce',
        }),
      }),
      selector: z.looseObject({
        matchLabels: stringMap.refine((m) => Object.keys(m).length > 0, "must not be empty"),
      }),
      template: z.looseObject({
        metadata: z.looseObject({ labels: stringMap }),
        spec: z.looseObject({
          containers: z.array(ContainerSchema).min(1),
          volumes: z
            .array(
              z.looseObject({
                name: z.string(),
                persistentVolumeClaim: z.looseObject({ claimName: z.string() }).optional(),
              }),
            )
            .optional(),
        }),
      }),
    })
    .refine(
      (s) =>
        Object.entries(s.selector.matchLabels).every(
          ([k, v]) => s.template.metadata.labels[k] === v,
        ),
      {
        message: "selector.matchLabels must match template.metadata.labels",
        path: ["selector", "matchLabels"],
      },
    ),
});

export const ServiceSchema = z.looseObject({
  metadata: MetadataSchema,
  spec: z.looseObject({
    selector: stringMap.refine((m) => Object.keys(m).length > 0, "must not be empty"),
    ports: z
      .array(
        z.looseObject({
          name: z.string().optional(),
          port: z.number().int().min(1).max(65535),
          targetPort: z.union([z.number().int().min(1).max(65535), z.string().min(1)]).optional(),
        }),
      )
      .min(1),
  }),
});

export const HTTPRouteSchema = z.looseObject({
  metadata: MetadataSchema,
  spec: z.looseObject({
    parentRefs: z
      .array(z.looseObject({ name: z.string().min(1) }))
      .min(1, "must attach the route to a Gateway"),
    hostnames: z.array(z.string().min(1)).min(1),
    rules: z
      .array(
        z.looseObject({
          backendRefs: z.array(z.looseObject({ name: z.string(), port: z.number().int() })).min(1),
        }),
      )
      .min(1),
  }),
});

const CiliumNetworkPolicySchema = z.looseObject({
  metadata: MetadataSchema,
  spec: z.looseObject({ endpointSelector: z.looseObject({}) }),
});

const RoleBindingSchema = z.looseObject({
  metadata: MetadataSchema,
  roleRef: z.looseObject({
    apiGroup: z.string(),
    kind: z.enum(["Role", "ClusterRole"]),
    name: z.string().min(1),
  }),
  subjects: z
    .array(z.looseObject({ kind: z.string(), name: z.string(), namespace: z.string().optional() }))
    .min(1),
});

/** The kinds a stack may contain, in apply order, with the apiVersion each must have. */
export const STACK_KINDS = [
  { kind: "Namespace", apiVersion: "v1", namespaced: false, schema: NamespaceSchema },
  {
    kind: "RoleBinding",
    apiVersion: "rbac.authorization.k8s.io/v1",
    namespaced: true,
    schema: RoleBindingSchema,
  },
  { kind: "PersistentVolume", apiVersion: "v1", namespaced: false, schema: PersistentVolumeSchema },
  {
    kind: "PersistentVolumeClaim",
    apiVersion: "v1",
    namespaced: true,
    schema: PersistentVolumeClaimSchema,
  },
  { kind: "Deployment", apiVersion: "apps/v1", namespaced: true, schema: DeploymentSchema },
  { kind: "Service", apiVersion: "v1", namespaced: true, schema: ServiceSchema },
  {
    kind: "HTTPRoute",
    apiVersion: "gateway.networking.k8s.io/v1",
    namespaced: true,
    schema: HTTPRouteSchema,
  },
  {
    kind: "CiliumNetworkPolicy",
    apiVersion: "cilium.io/v2",
    namespaced: true,
    schema: CiliumNetworkPolicySchema,
  },
] as const;

export type Deployment = z.infer<typeof DeploymentSchema>;
export type Container = z.infer<typeof ContainerSchema>;
export type PersistentVolume = z.infer<typeof PersistentVolumeSchema>;
export type PersistentVolumeClaim = z.infer<typeof PersistentVolumeClaimSchema>;
export type Service = z.infer<typeof ServiceSchema>;
export type HTTPRoute = z.infer<typeof HTTPRouteSchema>;

/** A kustomization as far as the loader implements it: `resources` only. */
export const KustomizationSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal("Kustomization").optional(),
  metadata: z.looseObject({}).optional(),
  resources: z.array(z.string().min(1)).default([]),
});
