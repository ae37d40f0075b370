import { describe, expect, it } from "vitest";
import { bodyVerdict } from "./body-limit";

describe("bodyVerdict", () => {
  it("accepts no body and a declared body within the limit", () => {
    expect(bodyVerdict({}, 100)).toEqual({ ok: true });
    expect(bodyVerdict({ "content-length": "0" }, 100)).toEqual({ ok: true });
    expect(bodyVerdict({ "content-length": "100" }, 100)).toEqual({ ok: true });
  });
  it("refuses a chunked body (no declared length) with 411, whatever else is declared", () => {
    expect(bodyVerdict({ "transfer-encoding": "chunked" }, 100)).toMatchObject({ status: 411 });
    expect(
      bodyVerdict({ "transfer-encoding": "chunked", "content-length": "5" }, 100),
    ).toMatchObject({ status: 411 });
  });
  it("refuses a declared length over the limit with 413, a malformed one with 411", () => {
    expect(bodyVerdict({ "content-length": "101" }, 100)).toMatchObject({ status: 413 });
    expect(bodyVerdict({ "content-length": "99999999999999999999" }, 100)).toMatchObject({
      status: 411,
    });
    expect(bodyVerdict({ "content-length": "-1" }, 100)).toMatchObject({ status: 411 });
    expect(bodyVerdict({ "content-length": "1e3" }, 100)).toMatchObject({ status: 411 });
  });
});
