import { Overview } from "@/components/stack/overview";
import { actionAvailability } from "@/lib/actions/availability";
import { requirePageSession } from "@/lib/auth/server";

export default async function OverviewPage() {
  await requirePageSession();
  // What the dashboard may do (cached access reviews): the cards' buttons say why when not.
  const availability = await actionAvailability().catch(() => undefined);
  return <Overview availability={availability} />;
}
