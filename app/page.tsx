import { requirePageSession } from "@/lib/auth/server";
import { Overview } from "@/components/stack/overview";

export default async function OverviewPage() {
  await requirePageSession();
  return <Overview />;
}
