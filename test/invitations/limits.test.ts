// Guards the send limits that keep Homeroom from being used to flood inboxes:
// an app may send 60 invitations an hour and 500 a day (API 429 with
// Retry-After in our error shape; replays do not count), and a district's
// join or manage link may queue email 10 times an hour. Each refusal writes
// nothing and queues no email.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { LINK_POSTS_PER_HOUR } from "../../workers/accounts/rate-limit";
import { acceptInvitation } from "../../workers/connections/decide";
import { changeSharing } from "../../workers/connections/manage";
import { emails, rateLimits } from "../../workers/db/schema";
import { countInvitationSend, createInvitation, createInvitationOnce, SEND_LIMITS } from "../../workers/invitations/create";
import { confirmJoin } from "../../workers/invitations/onboarding";
import { formOnce } from "../../workers/invitations/once";
import { createInvitation as insertInvitation } from "../connections/support";
import { api, createDistrict, createVendor, db } from "../support/fixtures";
import { connectBody, emailsOf, emailsOfVendor, invitationsOf, onboardingBody, sessionActor, tokenIn } from "./helpers";

const HOUR = 3_600_000;
const T = Date.UTC(2027, 2, 10, 9, 30);

/** Counts `n` sends for the app, as that many earlier invitations would have. */
async function alreadySent(appId: string, n: number, now: number) {
  for (let i = 0; i < n; i++) await countInvitationSend(db(), appId, now);
}

describe("invitations an app may send", () => {
  it("allows 60 an hour; the 61st is refused with when to retry, sends nothing, and the next hour is open again", async () => {
    const v = await createVendor();
    await alreadySent(v.appId, SEND_LIMITS.perHour - 1, T);
    const [d, e] = [await createDistrict(), await createDistrict()];
    await createInvitation(db(), env, sessionActor(v), connectBody(d), T);
    const refused = await createInvitation(db(), env, sessionActor(v), connectBody(e), T + 1000).catch((err: unknown) => err);
    expect(refused).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Try again in 30 minutes\./), details: { retryAfterSeconds: 30 * 60 } });
    expect((await invitationsOf(v.appId)).map((i) => i.districtId)).toEqual([d.id]);
    expect(await emailsOfVendor(v.vendorId)).toHaveLength(1);
    await createInvitation(db(), env, sessionActor(v), connectBody(e), T + HOUR);
    expect(await invitationsOf(v.appId)).toHaveLength(2);
  });

  it("allows 500 a day across the hours", async () => {
    const v = await createVendor();
    await db().insert(rateLimits).values({ key: `invitations:day:${v.appId}`, windowStart: T - (T % 86_400_000), count: SEND_LIMITS.perDay });
    const d = await createDistrict({ onHomeroom: false });
    await expect(createInvitation(db(), env, sessionActor(v), onboardingBody(d), T)).rejects.toMatchObject({ code: "rate_limited", message: expect.stringContaining("500 a day") });
    expect(await invitationsOf(v.appId)).toHaveLength(0);
  });

  it("does not count a replayed form nonce, nor an invalid request", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const actor = sessionActor(v);
    const once = formOnce(actor, crypto.randomUUID());
    await createInvitationOnce(db(), env, actor, connectBody(d), T, once);
    await createInvitationOnce(db(), env, actor, connectBody(d), T, once);
    await createInvitation(db(), env, actor, { districtId: d.id }, T).catch(() => undefined);
    const row = await db().select().from(rateLimits).where(eq(rateLimits.key, `invitations:hour:${v.appId}`)).get();
    expect(row?.count).toBe(1);
  });

  it("answers the API with 429, Retry-After and our error shape", async () => {
    const v = await createVendor();
    const now = Date.now();
    await db().insert(rateLimits).values([
      { key: `invitations:hour:${v.appId}`, windowStart: now - (now % HOUR), count: SEND_LIMITS.perHour },
      { key: `invitations:day:${v.appId}`, windowStart: now - (now % 86_400_000), count: SEND_LIMITS.perDay },
    ]);
    const d = await createDistrict();
    const res = await api("/api/invitations", { method: "POST", headers: v.auth, json: connectBody(d) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: "rate_limited", message: expect.stringContaining("invitations") } });
    expect(await invitationsOf(v.appId)).toHaveLength(0);
  });
});

const joinInput = { districtName: "Limit District", districtState: "ca", districtWebsite: "", districtPhone: "", contactName: "Cam", contactRole: "Director" };

describe("posts from a district's link", () => {
  it("lets a join link tell the onboarding team 10 times an hour", async () => {
    const v = await createVendor();
    const d = await createDistrict({ onHomeroom: false });
    const inv = await createInvitation(db(), env, sessionActor(v), onboardingBody(d), T);
    const join = tokenIn((await emailsOf(inv.id)).find((m) => m.template === "invitation.onboarding")!.text, "/join/");
    for (let i = 0; i < LINK_POSTS_PER_HOUR; i++) await confirmJoin(db(), env, join, joinInput, T + i);
    await expect(confirmJoin(db(), env, join, joinInput, T + 100)).rejects.toMatchObject({ code: "rate_limited" });
    const told = await db().select().from(emails).where(and(eq(emails.invitationId, inv.id), eq(emails.template, "onboarding.confirmed")));
    expect(told).toHaveLength(LINK_POSTS_PER_HOUR);
    await confirmJoin(db(), env, join, joinInput, T + HOUR);
  });

  it("lets a manage link change sharing (and email the vendor) 10 times an hour", async () => {
    const vendor = await createVendor({ now: T });
    const district = await createDistrict({ schools: 2, sectionsPerSchool: 1 });
    const inv = await insertInvitation(vendor, district, { now: T, launchDate: "2027-09-01" });
    const { connectionId, manageToken } = await acceptInvitation(db(), env, { token: inv.token }, T);
    const sharing = (i: number) => ({ mode: "schools" as const, schoolIds: [district.schoolIds[i % 2]!], sectionIds: [] });
    for (let i = 0; i < LINK_POSTS_PER_HOUR; i++) await changeSharing(db(), env, { token: manageToken, sharing: sharing(i) }, T + i);
    await expect(changeSharing(db(), env, { token: manageToken, sharing: sharing(0) }, T + 100)).rejects.toMatchObject({ code: "rate_limited" });
    const changed = await db().select().from(emails).where(and(eq(emails.connectionId, connectionId), eq(emails.template, "connection.sharing_changed")));
    expect(changed).toHaveLength(LINK_POSTS_PER_HOUR);
  });
});
