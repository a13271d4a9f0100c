// Guards request hardening on the API: cookie-authenticated writes from another
// site are refused (API keys are exempt), oversized bodies get a 413 in our
// error shape, and every answer carries the security headers.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys } from "../../workers/db/schema";
import { api, createDistrict, createVendor, db } from "../support/fixtures";
import { connectBody } from "../invitations/helpers";
import { cookieHeaders } from "./helpers";

const keyNames = async (appId: string) => (await db().select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.appId, appId))).map((k) => k.name);

describe("CSRF", () => {
  it("refuses a cookie-authenticated write whose Origin is another site", async () => {
    const v = await createVendor();
    const res = await api("/api/keys", { method: "POST", headers: cookieHeaders(v.sessionToken, { origin: "https://evil.example" }), json: { name: "from evil" } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    expect(await keyNames(v.appId)).not.toContain("from evil");
  });

  it("refuses a write the browser marks as cross-site, even without Origin", async () => {
    const v = await createVendor();
    const res = await api("/api/keys", { method: "POST", headers: cookieHeaders(v.sessionToken, { "sec-fetch-site": "cross-site" }), json: { name: "sneaky" } });
    expect(res.status).toBe(403);
    expect(await keyNames(v.appId)).not.toContain("sneaky");
  });

  it("accepts the same write from our own origin, and from an API key whatever the origin", async () => {
    const v = await createVendor();
    const own = await api("/api/keys", { method: "POST", headers: cookieHeaders(v.sessionToken, { origin: "http://homeroom.test", "sec-fetch-site": "same-origin" }), json: { name: "own origin" } });
    expect(own.status).toBe(201);
    expect(await keyNames(v.appId)).toContain("own origin");
    // An API key carries no ambient credential: its write is not held to the origin check.
    const d = await createDistrict();
    const keyed = await api("/api/invitations", { method: "POST", headers: { ...v.auth, origin: "https://integrator.example" }, json: connectBody(d) });
    expect(keyed.status).toBe(201);
  });
});

describe("limits and headers", () => {
  it("answers 413 in our error shape to a body over 2 MB", async () => {
    const v = await createVendor();
    const res = await api("/api/keys", { method: "POST", headers: v.auth, json: { name: "x".repeat(3 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("sends security headers on answers, errors included", async () => {
    for (const res of [await api("/api/openapi.json"), await api("/api/keys"), await api("/api/nope")]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
  });
});
