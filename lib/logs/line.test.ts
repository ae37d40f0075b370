import { describe, expect, it } from "vitest";
import { LineSplitter, MAX_LINE_CHARS, parseLogLine, redactSecrets } from "./line";

describe("LineSplitter", () => {
  it("joins lines split across chunks and keeps a partial line until its newline", () => {
    const s = new LineSplitter();
    expect(s.push("one\ntw")).toEqual(["one"]);
    expect(s.push("o\nthree")).toEqual(["two"]);
    expect(s.push("\n\n")).toEqual(["three", ""]);
    expect(s.end()).toEqual([]);
  });

  it("returns the unterminated last line at the end", () => {
    const s = new LineSplitter();
    s.push("tail without newline");
    expect(s.end()).toEqual(["tail without newline"]);
  });

  it("does not hold more than a bounded part of a runaway line", () => {
    const s = new LineSplitter();
    for (let i = 0; i < 100; i++) expect(s.push("x".repeat(10_000))).toEqual([]);
    const [l] = s.push("end\nnext\n");
    expect(l!.length).toBeLessThanOrEqual(MAX_LINE_CHARS + 64);
    expect(s.end()).toEqual([]);
    expect(parseLogLine(l!, 1, false).cut).toBe(true);
  });
});

describe("parseLogLine", () => {
  it("takes the API server's RFC 3339 timestamp apart when asked", () => {
    const l = parseLogLine(
      "2026-11-30T12:00:00.123456789Z [Info] Bootstrap: Starting Sonarr",
      7,
      true,
    );
    expect(l).toEqual({
      n: 7,
      ts: "2026-11-30T12:00:00.123456789Z",
      text: "[Info] Bootstrap: Starting Sonarr",
    });
  });

  it("leaves a line alone when timestamps were not asked for", () => {
    const raw = "2026-11-30T12:00:00Z looks like a time";
    expect(parseLogLine(raw, 1, false)).toEqual({ n: 1, text: raw });
  });

  it("drops a carriage return and cuts long lines", () => {
    expect(parseLogLine("dos line\r", 1, false).text).toBe("dos line");
    const long = parseLogLine("y".repeat(MAX_LINE_CHARS + 10), 2, false);
    expect(long.text.length).toBe(MAX_LINE_CHARS);
    expect(long.cut).toBe(true);
  });

  it("marks failure patterns", () => {
    expect(
      parseLogLine(
        "s6-applyuidgid: fatal: unable to set supplementary group list: Operation not permitted",
        1,
        false,
      ).h,
    ).toBe("s6-uidgid");
  });
});

describe("redactSecrets", () => {
  it("hides qBittorrent's temporary password but keeps the line", () => {
    const line =
      "The WebUI administrator password was not set. A temporary password is provided for this session: 7kQ2xWp9R";
    const out = redactSecrets(line);
    expect(out).not.toContain("7kQ2xWp9R");
    expect(out).toContain("temporary password is provided for this session:");
    expect(parseLogLine(line, 1, false)).toMatchObject({ h: "qbittorrent-temp-password" });
    expect(parseLogLine(line, 1, false).text).not.toContain("7kQ2xWp9R");
  });

  it("leaves other lines unchanged", () => {
    expect(redactSecrets("[Info] password reset requested")).toBe(
      "[Info] password reset requested",
    );
  });
});
