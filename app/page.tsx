import { coreApi } from "@/lib/k8s/client";

export const dynamic = "force-dynamic";

export default async function Home() {
  const nodes = await coreApi().listNode();
  return (
    <main className="mx-auto max-w-4xl p-8">
      <h1 className="text-2xl font-semibold">arr-dashboard</h1>
      <h2 className="mt-6 text-lg font-medium">Nodes</h2>
      <ul data-testid="node-list" className="mt-2 space-y-1">
        {nodes.items.map((n) => (
          <li key={n.metadata?.name} className="font-mono">
            {n.metadata?.name} — cpu {n.status?.allocatable?.cpu}, memory{" "}
            {n.status?.allocatable?.memory}
          </li>
        ))}
      </ul>
    </main>
  );
}
