import { EmptyState } from "@/components/ui/empty-state";

export function ViewUnavailable({ error }: { error?: string | undefined }) {
  return (
    <EmptyState>
      {error ? `The dashboard cannot load its data: ${error}` : "Loading the cluster state…"}
    </EmptyState>
  );
}
