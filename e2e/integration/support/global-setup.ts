import { readFileSync } from "node:fs";

/**
 * Integration tests run against the local control plane started by `npm test`
 * (scripts/test.sh → e2e/cluster/up.sh). They must fail, not skip, when it is absent.
 */
export default function setup(): void {
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig) {
    throw new Error(
      "KUBECONFIG is not set: integration tests need the local control plane (run `npm test`, or `npm run cluster:up` and export the KUBECONFIG it prints).",
    );
  }
  readFileSync(kubeconfig); // throws ENOENT with the path when the cluster is not up
  if (!process.env.ARR_NFS_ROOT)
    throw new Error(
      "ARR_NFS_ROOT is not set (the host directory behind /data in the simulated pods).",
    );
}
