import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { fail, ok } from "@/lib/result";
import { CauseLogLines } from "./cause-log-lines";

describe("CauseLogLines", () => {
  it("shows the matching lines with their highlight and the container they came from", () => {
    const html = renderToStaticMarkup(
      <CauseLogLines
        tailLines={1000}
        read={ok({
          pod: "qbittorrent-abc",
          container: "qbittorrent",
          lines: [{ n: 7, text: "s6-applyuidgid: fatal: Operation not permitted", h: "s6-uidgid" }],
        })}
      />,
    );
    expect(html).toContain('id="cause-log"');
    expect(html).toContain("Pod qbittorrent-abc, container qbittorrent");
    expect(html).toContain('data-highlight="s6-uidgid"');
    expect(html).toContain("s6-applyuidgid: fatal: Operation not permitted");
  });

  it("says why the log could not be read (e.g. RBAC) instead of showing nothing", () => {
    const html = renderToStaticMarkup(
      <CauseLogLines
        tailLines={1000}
        read={fail("forbidden", "the dashboard may not read this pod's log (RBAC: get pods/log)")}
      />,
    );
    expect(html).toContain('data-testid="cause-log-error"');
    expect(html).toContain("RBAC: get pods/log");
    expect(html).not.toContain("cause-log-line");
  });

  it("says when no line matched", () => {
    const html = renderToStaticMarkup(
      <CauseLogLines tailLines={500} read={ok({ pod: "p", container: "c", lines: [] })} />,
    );
    expect(html).toContain("No matching line in the last 500 lines");
  });
});
