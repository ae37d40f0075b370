import { describe, expect, it } from "vitest";
import { interpretLogin, NOT_RETRYING, sessionCookie } from "./qbittorrent-auth";

describe("qBittorrent login across generations", () => {
  it.each([
    ["4.5 – 5.1: 200 Ok.", 200, "Ok."],
    ["5.2: 204 empty", 204, ""],
    ["2xx empty", 200, ""],
  ])("accepts %s", (_, status, body) => {
    expect(interpretLogin(status, body)).toEqual({ ok: true });
  });
  it.each([
    ["4.5 – 5.1: 200 Fails.", 200, "Fails."],
    ["5.2: 401", 401, "Unauthorized"],
  ])("rejects %s without retrying", (_, status, body) => {
    const r = interpretLogin(status, body);
    expect(r).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(!r.ok && r.error).toContain(NOT_RETRYING);
  });
  it("reports a 403 as the IP ban, its own state", () => {
    expect(interpretLogin(403, "Your IP address has been banned")).toMatchObject({
      ok: false,
      code: "forbidden",
      reason: "banned",
    });
  });
  it("does not take another 200 body for success", () => {
    expect(interpretLogin(200, "<html>login</html>")).toMatchObject({ ok: false, code: "failed" });
  });
});

describe("session cookie name from Set-Cookie", () => {
  it("reads SID, QBT_SID_<port> and a custom name", () => {
    expect(sessionCookie(["SID=abc; HttpOnly; SameSite=Strict; path=/"])).toEqual({
      name: "SID",
      value: "abc",
    });
    expect(sessionCookie(["QBT_SID_8080=xyz; HttpOnly; path=/"])).toEqual({
      name: "QBT_SID_8080",
      value: "xyz",
    });
    expect(sessionCookie(["mysession=q1; path=/"])).toEqual({ name: "mysession", value: "q1" });
  });
  it("prefers the session cookie over others and ignores empty or malformed ones", () => {
    expect(sessionCookie(["other=1", "QBT_SID_18080=s"])).toEqual({
      name: "QBT_SID_18080",
      value: "s",
    });
    expect(sessionCookie(["SID=; Max-Age=0"])).toBeNull();
    expect(sessionCookie(["bad name=x", "SID=a b"])).toBeNull();
    expect(sessionCookie([])).toBeNull();
  });
});
