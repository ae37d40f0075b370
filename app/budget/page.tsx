import { requirePageSession } from "@/lib/auth/server";
import type { Metadata } from "next";
import { BudgetView } from "@/components/budget/budget-view";

export const metadata: Metadata = { title: "Budget" };

export default async function BudgetPage() {
  await requirePageSession();
  return <BudgetView />;
}
