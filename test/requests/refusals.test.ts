// Guards what a request refuses: another vendor's request id (404 on every
// route, nothing changes), invalid input (fields named, nothing written), an
// Off-Homeroom or unknown district, a second open request for the same app and
// district, an expired or already used confirmation link, a launch date in the
// district's past, and too many requests from one address.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessRequests, emails } from "../../workers/db/schema";
import { confirmRequest, loadConfirm } from "../../workers/requests/confirm";
import { fileRequest } from "../../workers/requests/create";
import { AppError } from "../../workers/lib/errors";
import { api, createDistrict, createVendor, db } from "../support/fixtures";
import { cookieHeaders } from "../accounts/helpers";
import { DAY, env, mailTo, pendingRequest, requestInput, requestRow } from "./support";

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("another vendor's requests", () => {
  it("answers 404 on every request route by key and by session, and changes nothing", async () => {
    const a = await createVendor();
    const b = await createVendor();
    const filed = await pendingRequest(a, await createDistrict());
    for (const headers of [b.auth, cookieHeaders(b.sessionToken)]) {
      for (const [method, path, json] of [
        ["GET", `/api/requests/${filed.requestId}`, undefined],
        ["POST", `/api/requests/${filed.requestId}/approve`, {}],
        ["POST", `/api/requests/${filed.requestId}/reject`, { reason: "x" }],
      ] as const) {
        const res = await api(path, { method, headers, json });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
      }
    }
    const list = await (await api("/api/requests", { headers: b.auth })).text();
    expect(list).not.toContain(filed.requestId);
    expect((await requestRow(filed.requestId))?.status).toBe("pending");
    expect((await api("/api/requests")).status).toBe(401);
  });
});

describe("validation", () => {
  it("names every bad field and writes nothing", async () => {
    const vendor = await createVendor();
    const district = await createDistrict();
    const err = await refusal(fileRequest(db(), env, requestInput(vendor, district, { name: " ", email: "not-an-email", role: "", message: "x".repeat(2001) }), Date.now()));
    expect(err.code).toBe("validation_failed");
    expect(Object.keys(err.fields ?? {}).sort()).toEqual(["email", "message", "name", "role"]);
    expect(await db().select().from(accessRequests).where(eq(accessRequests.districtId, district.id))).toHaveLength(0);
  });

  it("refuses an Off-Homeroom district, suggesting an invitation from the vendor", async () => {
    const vendor = await createVendor({ name: "Acme Learning" });
    const district = await createDistrict({ onHomeroom: false });
    const err = await refusal(fileRequest(db(), env, requestInput(vendor, district), Date.now()));
    expect(err.fields?.district).toContain("not on Homeroom yet");
    expect(err.fields?.district).toContain("Ask Acme Learning to invite your district");
  });

  it("refuses an unknown NCES id and a name nothing matches", async () => {
    const vendor = await createVendor();
    const district = await createDistrict();
    expect((await refusal(fileRequest(db(), env, requestInput(vendor, district, { district: "0000001" }), Date.now()))).fields?.district).toContain("No district has the NCES ID 0000001");
    expect((await refusal(fileRequest(db(), env, requestInput(vendor, district, { district: "Qqxyzzy Nowhere" }), Date.now()))).fields?.district).toContain("No district on Homeroom matches");
  });

  it("offers choices when several On-Homeroom districts match a name", async () => {
    const vendor = await createVendor();
    const word = `Brambleton${crypto.randomUUID().slice(0, 5)}`;
    const one = await createDistrict({ name: `${word} City Schools`, state: "OH" });
    await createDistrict({ name: `${word} County Schools`, state: "VA" });
    const err = await refusal(fileRequest(db(), env, requestInput(vendor, one, { district: word }), Date.now()));
    const choices = err.details?.choices as { id: string }[];
    expect(choices.map((c) => c.id)).toContain(one.id);
    expect(choices).toHaveLength(2);
    // Picking one from the list files it.
    const filed = await fileRequest(db(), env, requestInput(vendor, one, { district: word, districtId: one.id }), Date.now());
    expect(filed.district.id).toBe(one.id);
  });

  it("rejects a launch date before today in the district's zone, and a malformed one in the API", async () => {
    const vendor = await createVendor();
    const filed = await pendingRequest(vendor, await createDistrict());
    const past = await api(`/api/requests/${filed.requestId}/approve`, { method: "POST", headers: vendor.auth, json: { launchDate: "2020-01-01" } });
    expect(past.status).toBe(400);
    expect(await past.json()).toMatchObject({ error: { code: "validation_failed", fields: { launchDate: expect.stringContaining("or later") } } });
    const bad = await api(`/api/requests/${filed.requestId}/approve`, { method: "POST", headers: vendor.auth, json: { launchDate: "next week" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "validation_failed", fields: { launchDate: expect.any(String) } } });
    expect((await requestRow(filed.requestId))?.status).toBe("pending");
  });
});

describe("one open request per app and district", () => {
  it("refuses a second request while one is pending", async () => {
    const vendor = await createVendor();
    const district = await createDistrict();
    await pendingRequest(vendor, district);
    const err = await refusal(fileRequest(db(), env, requestInput(vendor, district), Date.now()));
    expect(err.code).toBe("conflict");
    expect(err.message).toContain("already asked");
  });

  it("refuses another person while one is unconfirmed, replaces it for the same person or once it lapsed", async () => {
    const vendor = await createVendor();
    const district = await createDistrict();
    const now = Date.now();
    const first = await fileRequest(db(), env, requestInput(vendor, district), now);
    expect((await refusal(fileRequest(db(), env, requestInput(vendor, district), now))).message).toContain("not confirmed");
    // The same person asks again: the old link stops working, a new one is sent.
    const again = await fileRequest(db(), env, requestInput(vendor, district, { email: first.email }), now + 1000);
    expect((await requestRow(first.requestId))?.status).toBe("withdrawn");
    expect(await loadConfirm(db(), first.token, now + 2000)).toMatchObject({ ok: false, reason: "revoked" });
    expect((await mailTo(first.email)).filter((m) => m.template === "request.confirm")).toHaveLength(2);
    // After 7 days unconfirmed, someone else may ask.
    const later = await fileRequest(db(), env, requestInput(vendor, district), now + 8 * DAY);
    expect((await requestRow(again.requestId))?.status).toBe("withdrawn");
    expect((await requestRow(later.requestId))?.status).toBe("unconfirmed");
  });
});

describe("the confirmation link", () => {
  it("is refused once expired (7 days), and confirms only once", async () => {
    const vendor = await createVendor();
    const now = Date.now();
    const stale = await fileRequest(db(), env, requestInput(vendor, await createDistrict()), now);
    expect(await loadConfirm(db(), stale.token, now + 8 * DAY)).toMatchObject({ ok: false, reason: "expired" });
    expect((await refusal(confirmRequest(db(), env, stale.token, now + 8 * DAY))).code).toBe("gone");
    expect((await requestRow(stale.requestId))?.status).toBe("unconfirmed");

    const fresh = await fileRequest(db(), env, requestInput(vendor, await createDistrict()), now);
    const twice = await Promise.allSettled([confirmRequest(db(), env, fresh.token, now), confirmRequest(db(), env, fresh.token, now)]);
    expect(twice.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await refusal(confirmRequest(db(), env, fresh.token, now + 1))).code).toBe("conflict");
    expect(await loadConfirm(db(), fresh.token, now + 1)).toMatchObject({ ok: false, reason: "used" });
    const received = (await db().select().from(emails)).filter((m) => m.template === "request.received" && m.vendorId === vendor.vendorId);
    expect(received).toHaveLength(1);
    expect(await loadConfirm(db(), "not-a-real-token", now)).toMatchObject({ ok: false, reason: "unknown" });
  });
});

describe("rate limits", () => {
  it("refuses a sixth request from one email address within the hour", async () => {
    const vendor = await createVendor();
    const email = `busy-${crypto.randomUUID().slice(0, 6)}@district.test`;
    const now = Date.now();
    for (let i = 0; i < 5; i++) await fileRequest(db(), env, requestInput(vendor, await createDistrict(), { email }), now);
    const err = await refusal(fileRequest(db(), env, requestInput(vendor, await createDistrict(), { email }), now));
    expect(err.code).toBe("rate_limited");
    expect(err.details?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("refuses the 21st request from one client address within the hour, whatever the emails", async () => {
    const vendor = await createVendor();
    const client = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const now = Date.now();
    for (let i = 0; i < 20; i++) await fileRequest(db(), env, requestInput(vendor, await createDistrict(), { client }), now);
    const err = await refusal(fileRequest(db(), env, requestInput(vendor, await createDistrict(), { client }), now));
    expect(err.code).toBe("rate_limited");
  });
});

describe("the API without a body", () => {
  it("approves (launching at once) and declines (no reason) when no JSON is sent", async () => {
    const vendor = await createVendor();
    const one = await pendingRequest(vendor, await createDistrict());
    const approved = await api(`/api/requests/${one.requestId}/approve`, { method: "POST", headers: vendor.auth });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ launchedNow: true, request: { status: "approved", launchDate: null } });
    const two = await pendingRequest(vendor, await createDistrict());
    const declined = await api(`/api/requests/${two.requestId}/reject`, { method: "POST", headers: vendor.auth });
    expect(declined.status).toBe(200);
    expect(await declined.json()).toMatchObject({ request: { status: "rejected", decisionReason: null } });
    const tooLong = await api(`/api/requests/${two.requestId}/reject`, { method: "POST", headers: vendor.auth, json: { reason: "x".repeat(1001) } });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ error: { code: "validation_failed", fields: { reason: expect.any(String) } } });
  });
});
