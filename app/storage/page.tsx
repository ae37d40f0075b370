import { requirePageSession } from "@/lib/auth/server";
import type { Metadata } from "next";
import { StorageView } from "@/components/storage/storage-view";

export const metadata: Metadata = { title: "Storage" };

export default async function StoragePage() {
  await requirePageSession();
  return <StorageView />;
}
