// Guards "one invitation, once": a second open invitation is refused with a link
// to the first; a retried API call or a double-submitted form creates one; and a
// failure anywhere inside the batch leaves no invitation and no email behind.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { accessTokens, idempotencyKeys, invitations } from "../../workers/db/schema";
import { createInvitation } from "../../workers/invitations/create";
import { createInvitationOnce } from "../../workers/invitations/create";
import { formOnce, formScope, requestHash } from "../../workers/invitations/once";
import { AppError } from "../../workers/lib/errors";
import { eq } from "drizzle-orm";
import { addApp, api, createDistrict, createVendor, db } from "../support/fixtures";
import { connectBody, emailsOfVendor, invitationsOf, onboardingBody, sessionActor } from "./helpers";

const post = (auth: Record<string, string>, json: unknown, headers: Record<string, string> = {}) =>
  api("/api/invitations", { method: "POST", headers: { ...auth, ...headers }, json });

describe("duplicates", () => {
  it("answers a second invitation to the same district with 409 naming the open one", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const first = (await (await post(v.auth, connectBody(d))).json()) as { id: string };
    const again = await post(v.auth, connectBody(d, { primaryContact: { name: "Other", email: "other@district.test" } }));
    expect(again.status).toBe(409);
    const err = (await again.json()) as { error: { code: string; message: string; details: { invitationId: string; url: string } } };
    expect(err.error.code).toBe("conflict");
    expect(err.error.details).toEqual({ invitationId: first.id, url: `/invitations/${first.id}` });
    expect(err.error.message).toContain(d.name);
    expect(await invitationsOf(v.appId)).toHaveLength(1);
    expect(await emailsOfVendor(v.vendorId)).toHaveLength(1);
  });

  it("also refuses a second onboarding invitation while the first is open", async () => {
    const v = await createVendor();
    const d = await createDistrict({ onHomeroom: false });
    expect((await post(v.auth, onboardingBody(d))).status).toBe(201);
    expect((await post(v.auth, onboardingBody(d))).status).toBe(409);
  });

  it("lets another app invite the same district, and allows a new invitation once the first is revoked", async () => {
    const v = await createVendor();
    const w = await createVendor();
    const d = await createDistrict();
    const first = (await (await post(v.auth, connectBody(d))).json()) as { id: string };
    expect((await post(w.auth, connectBody(d))).status).toBe(201);
    expect((await api(`/api/invitations/${first.id}/revoke`, { method: "POST", headers: v.auth })).status).toBe(200);
    expect((await post(v.auth, connectBody(d))).status).toBe(201);
  });

  it("refuses when the two requests race past the check: the partial unique index holds", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const [a, b] = await Promise.all([post(v.auth, connectBody(d)), post(v.auth, connectBody(d))]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await invitationsOf(v.appId)).toHaveLength(1);
  });
});

describe("Idempotency-Key", () => {
  it("replays the first response for a retried request and creates one invitation and one email", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const key = { "idempotency-key": crypto.randomUUID() };
    const a = await post(v.auth, connectBody(d), key);
    const b = await post(v.auth, connectBody(d), key);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect(await b.json()).toEqual(await a.json());
    expect(await invitationsOf(v.appId)).toHaveLength(1);
    expect(await emailsOfVendor(v.vendorId)).toHaveLength(1);
  });

  it("answers two simultaneous requests with the same key alike: one invitation, both 201 with it", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const key = { "idempotency-key": crypto.randomUUID() };
    const [a, b] = await Promise.all([post(v.auth, connectBody(d), key), post(v.auth, connectBody(d), key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [ja, jb] = (await Promise.all([a.json(), b.json()])) as { id: string }[];
    expect(ja!.id).toBe(jb!.id);
    expect(await invitationsOf(v.appId)).toHaveLength(1);
    expect(await emailsOfVendor(v.vendorId)).toHaveLength(1);
  });

  it("refuses the same key with a different body", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const e = await createDistrict();
    const key = { "idempotency-key": crypto.randomUUID() };
    expect((await post(v.auth, connectBody(d), key)).status).toBe(201);
    const other = await post(v.auth, connectBody(e), key);
    expect(other.status).toBe(409);
    expect(await invitationsOf(v.appId)).toHaveLength(1);
  });

  it("keeps keys per app: another vendor's identical key is a new request", async () => {
    const v = await createVendor();
    const w = await createVendor();
    const d = await createDistrict();
    const key = { "idempotency-key": "same-key" + crypto.randomUUID() };
    expect((await post(v.auth, connectBody(d), key)).status).toBe(201);
    const res = await post(w.auth, connectBody(d), key);
    expect(res.status).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
  });

  it("does not remember a refused request: the corrected retry with the same key succeeds", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const key = { "idempotency-key": crypto.randomUUID() };
    expect((await post(v.auth, connectBody(d, { launchDate: "2001-01-01" }), key)).status).toBe(400);
    expect((await post(v.auth, connectBody(d), key)).status).toBe(201);
    expect(await invitationsOf(v.appId)).toHaveLength(1);
  });
});

describe("atomicity", () => {
  it("leaves no invitation, token, event or email when the last statement of the batch fails", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const body = connectBody(d);
    // The form nonce was already claimed (as by a double submit that got there first):
    // its insert is the batch's last statement, after the invitation and the email.
    const once = { scope: formScope(v.appId, v.userId), key: crypto.randomUUID(), requestHash: await requestHash(body) };
    await db().insert(idempotencyKeys).values({ ...once, status: 201, body: "{}", createdAt: Date.now() });
    const id = crypto.randomUUID();
    const err = await createInvitation(db(), env, sessionActor(v), body, Date.now(), { once, id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("conflict");
    expect(await db().select().from(invitations).where(eq(invitations.id, id)).all()).toHaveLength(0);
    expect(await db().select().from(accessTokens).where(eq(accessTokens.invitationId, id)).all()).toHaveLength(0);
    expect(await emailsOfVendor(v.vendorId)).toHaveLength(0);
    expect(await invitationsOf(v.appId)).toHaveLength(0);
  });

  it("leaves nothing when the first statement fails (an id already taken)", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const e = await createDistrict();
    const id = crypto.randomUUID();
    await createInvitation(db(), env, sessionActor(v), connectBody(d), Date.now(), { id });
    await expect(createInvitation(db(), env, sessionActor(v), connectBody(e), Date.now(), { id })).rejects.toThrow();
    const rows = await invitationsOf(v.appId);
    expect(rows.map((r) => r.districtId)).toEqual([d.id]);
    expect(await emailsOfVendor(v.vendorId)).toHaveLength(1);
  });

  it("a form nonce used twice creates one invitation", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const body = connectBody(d);
    const once = { scope: formScope(v.appId, v.userId), key: crypto.randomUUID(), requestHash: await requestHash(body) };
    const first = await createInvitation(db(), env, sessionActor(v), body, Date.now(), { once });
    const second = await createInvitation(db(), env, sessionActor(v), body, Date.now(), { once }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppError);
    const rows = await invitationsOf(v.appId);
    expect(rows.map((r) => r.id)).toEqual([first.id]);
  });

  it("a form nonce belongs to one app: the same user's nonce in another app is a new invitation", async () => {
    const v = await createVendor();
    const other = await addApp(v.vendorId);
    const d = await createDistrict();
    const nonce = crypto.randomUUID();
    const inA = sessionActor(v);
    const inB = { ...inA, appId: other };
    const a = await createInvitationOnce(db(), env, inA, connectBody(d), Date.now(), formOnce(inA, nonce));
    const b = await createInvitationOnce(db(), env, inB, connectBody(d), Date.now(), formOnce(inB, nonce));
    expect(b.replayed).toBe(false);
    expect(b.invitation.id).not.toBe(a.invitation.id);
    expect((await invitationsOf(other)).map((r) => r.id)).toEqual([b.invitation.id]);
    // In the same app the nonce still replays.
    expect((await createInvitationOnce(db(), env, inB, connectBody(d), Date.now(), formOnce(inB, nonce))).replayed).toBe(true);
  });
});
