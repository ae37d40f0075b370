import "server-only";
import { KubeConfig } from "@kubernetes/client-node";

/**
 * The process-wide KubeConfig: in-cluster ServiceAccount when running in a pod,
 * otherwise $KUBECONFIG (the local control plane by default).
 */
export function kubeConfig(): KubeConfig {
  const g = globalThis as { __arrKubeConfig?: KubeConfig };
  if (!g.__arrKubeConfig) {
    const kc = new KubeConfig();
    if (process.env.KUBERNETES_SERVICE_HOST && !process.env.KUBECONFIG) kc.loadFromCluster();
    else kc.loadFromDefault();
    g.__arrKubeConfig = kc;
  }
  return g.__arrKubeConfig;
}
