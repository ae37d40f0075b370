import { Overview } from "@/components/stack/overview";

export default function OverviewPage() {
  return <Overview />;
}
