import { Card, CardBody, CardHeader } from "@/components/ui/card";

/** A page's expected failure, with its reason (rendered by the page itself, so production keeps the text). */
export function PageError({ title, reason }: { title: string; reason: string }) {
  return (
    <Card role="alert" data-testid="page-error">
      <CardHeader title={title} />
      <CardBody>
        <p className="text-sm whitespace-pre-wrap">{reason}</p>
      </CardBody>
    </Card>
  );
}

/** The first line of a thrown value's message (manifest errors name file and field there). */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
