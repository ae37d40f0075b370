import { describe, expect, it } from "vitest";
import { formatAuditLine } from "./format";

describe("formatAuditLine", () => {
  it("writes one JSON object with who, what, when and outcome", () => {
    const line = formatAuditLine(
      {
        actor: "admin",
        action: "restart",
        target: "media/deployment/sonarr",
        outcome: "succeeded",
        client: "10.0.0.1",
      },
      new Date(0),
    );
    expect(JSON.parse(line)).toEqual({
      time: "1970-01-01T00:00:00.000Z",
      level: "info",
      type: "audit",
      actor: "admin",
      action: "restart",
      target: "media/deployment/sonarr",
      outcome: "succeeded",
      client: "10.0.0.1",
    });
  });

  it("cannot be split into forged lines and bounds free text", () => {
    const line = formatAuditLine(
      {
        actor: "anonymous",
        action: 'x\n{"type":"audit"}',
        target: "t",
        outcome: "rejected",
        detail: "d".repeat(5000),
      },
      new Date(0),
    );
    expect(line.split("\n")).toHaveLength(1);
    const rec = JSON.parse(line);
    expect(rec.level).toBe("warn");
    expect(rec.detail.length).toBeLessThanOrEqual(501);
  });
});
