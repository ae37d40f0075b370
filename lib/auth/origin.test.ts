import { describe, expect, it } from "vitest";
import { checkSameOrigin } from "./origin";

const h = (o: Record<string, string>) => new Headers(o);

describe("checkSameOrigin", () => {
  it("accepts a same-origin request", () => {
    expect(
      checkSameOrigin(
        h({
          origin: "http://localhost:3000",
          host: "localhost:3000",
          "sec-fetch-site": "same-origin",
        }),
      ),
    ).toEqual({ ok: true });
    expect(
      checkSameOrigin(
        h({
          origin: "https://dash.k8s.example.com",
          host: "10.0.0.5:3000",
          "x-forwarded-host": "dash.k8s.example.com",
          "x-forwarded-proto": "https",
        }),
      ),
    ).toEqual({ ok: true });
    expect(
      checkSameOrigin(
        h({
          origin: "https://dash.k8s.example.com",
          host: "dash.k8s.example.com:443",
          "x-forwarded-proto": "https",
        }),
      ),
    ).toEqual({ ok: true });
  });

  it("refuses sibling subdomains, other sites and other ports", () => {
    expect(
      checkSameOrigin(h({ origin: "https://sonarr.k8s.example.com", host: "dash.k8s.example.com" }))
        .ok,
    ).toBe(false);
    expect(checkSameOrigin(h({ origin: "http://localhost:3001", host: "localhost:3000" })).ok).toBe(
      false,
    );
    expect(checkSameOrigin(h({ origin: "http://evil.test", host: "localhost:3000" })).ok).toBe(
      false,
    );
  });

  it("refuses by Sec-Fetch-Site even when Origin looks right", () => {
    const r = checkSameOrigin(
      h({ origin: "http://localhost:3000", host: "localhost:3000", "sec-fetch-site": "same-site" }),
    );
    expect(r).toEqual({
      ok: false,
      reason: "cross-site request refused (Sec-Fetch-Site: same-site)",
    });
    expect(
      checkSameOrigin(
        h({
          origin: "http://localhost:3000",
          host: "localhost:3000",
          "sec-fetch-site": "cross-site",
        }),
      ).ok,
    ).toBe(false);
  });

  it("refuses a missing, null or malformed Origin", () => {
    expect(checkSameOrigin(h({ host: "localhost:3000" }))).toEqual({
      ok: false,
      reason: "request without an Origin header refused",
    });
    expect(checkSameOrigin(h({ origin: "null", host: "localhost:3000" })).ok).toBe(false);
    expect(checkSameOrigin(h({ origin: "localhost:3000", host: "localhost:3000" })).ok).toBe(false);
    expect(
      checkSameOrigin(h({ origin: "http://localhost:3000/path", host: "localhost:3000" })).ok,
    ).toBe(false);
  });

  it("accepts configured extra origins", () => {
    expect(
      checkSameOrigin(h({ origin: "https://admin.example.com", host: "dash:3000" }), [
        "https://admin.example.com",
      ]),
    ).toEqual({ ok: true });
  });
});
