"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

/**
 * The error boundary of every page: the reason instead of Next's bare 500. Pages catch the
 * failures they expect (manifests that do not load, an unreachable API server, a failed access
 * review) and render `PageError` with the reason themselves; this boundary catches the rest, whose
 * message Next hides in production (the digest then ties it to the server log).
 */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => console.error(error), [error]);
  return (
    <Card role="alert" data-testid="page-error">
      <CardHeader title="This page could not be shown" />
      <CardBody className="space-y-3 text-sm">
        <p>{error.message || "An unexpected error occurred."}</p>
        {error.digest ? (
          <p className="text-xs text-slate-500">
            Reference <code className="font-mono">{error.digest}</code> in the dashboard&apos;s log.
          </p>
        ) : null}
        <Button onClick={reset}>Try again</Button>
      </CardBody>
    </Card>
  );
}
