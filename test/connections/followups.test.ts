// Guards what reaches the district contact after acceptance: a moved launch
// date is emailed to them in the batch that moves it (and recorded on the
// timeline); a lost manage link can be replaced by the vendor (fresh token,
// every earlier one revoked, page and API); and "accept as proposed" is refused
// when the vendor proposed nothing, so a connection never shares nothing; an
// invitation past its expiry cannot be accepted before the clock sweeps it.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { acceptInvitation } from "../../workers/connections/decide";
import { loadReview } from "../../workers/connections/review";
import { changeSharing, loadManage, MANAGE_LINK_LIMIT, resendManageLink } from "../../workers/connections/manage";
import { launchNow, reschedule } from "../../workers/connections/schedule";
import { connections } from "../../workers/db/schema";
import { api, createDistrict, createVendor, db } from "../support/fixtures";
import { createInvitation, DAY, emailsOfConnection, env, eventsOf, invitationRow } from "./support";

const NOW = Date.UTC(2027, 7, 20, 15, 0);

async function accepted(state = "HI", launchDate: string | null = "2027-09-01") {
  const vendor = await createVendor({ now: NOW });
  const district = await createDistrict({ state, schools: 2, sectionsPerSchool: 1 });
  const inv = await createInvitation(vendor, district, { now: NOW, launchDate, contactEmail: `dana-${crypto.randomUUID().slice(0, 6)}@district.test` });
  const r = await acceptInvitation(db(), env, { token: inv.token }, NOW);
  const actor = { appId: vendor.appId, userId: vendor.userId };
  const contact = (await invitationRow(inv.id))?.contactEmail ?? "";
  return { vendor, district, inv, actor, contact, ...r };
}

const manageLinkIn = (text: string) => /\/manage\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? "";

describe("rescheduling tells the district contact", () => {
  it("emails the contact the new date in the district's time and records it", async () => {
    const a = await accepted("HI");
    await reschedule(db(), env, a.actor, a.connectionId, "2027-10-05", NOW + DAY);
    const mail = (await emailsOfConnection(a.connectionId)).filter((m) => m.template === "connection.rescheduled");
    expect(mail).toHaveLength(1);
    expect(JSON.parse(mail[0]!.to)).toEqual([a.contact]);
    expect(mail[0]!.text).toContain("October 5, 2027");
    expect(mail[0]!.text).toContain("September 1, 2027");
    expect(mail[0]!.text).toContain("HST");
    const event = (await eventsOf(a.inv.id)).find((e) => e.type === "rescheduled");
    expect(event?.detail).toContain(a.contact);
  });

  it("sends no date email when the new date is today (the launch email says it), nor after launch", async () => {
    const a = await accepted("HI");
    const now = Date.UTC(2027, 7, 21, 5, 0); // still August 20 in Honolulu
    const c = await reschedule(db(), env, a.actor, a.connectionId, "2027-08-20", now);
    expect(c.status).toBe("launched");
    const templates = (await emailsOfConnection(a.connectionId)).map((m) => m.template);
    expect(templates).not.toContain("connection.rescheduled");
    expect(templates).toContain("connection.launched_district");
    await expect(reschedule(db(), env, a.actor, a.connectionId, "2027-12-01", now + 1000)).rejects.toMatchObject({ code: "conflict" });
    expect((await emailsOfConnection(a.connectionId)).filter((m) => m.template === "connection.rescheduled")).toHaveLength(0);
  });
});

describe("the vendor sends a new manage link", () => {
  it("issues a working link, revokes the old one, emails the contact and records it", async () => {
    const a = await accepted();
    const r = await resendManageLink(db(), env, a.actor, a.connectionId, NOW + DAY);
    expect(r.sentTo).toBe(a.contact);
    const mails = (await emailsOfConnection(a.connectionId)).filter((m) => m.template === "connection.manage_link");
    expect(mails).toHaveLength(2);
    const fresh = mails.map((m) => manageLinkIn(m.text)).find((t) => t && t !== a.manageToken) ?? "";
    expect(fresh).not.toBe("");
    expect(await loadManage(db(), a.manageToken, NOW + DAY)).toEqual({ ok: false, reason: "revoked" });
    expect((await loadManage(db(), fresh, NOW + DAY)).ok).toBe(true);
    const after = await changeSharing(db(), env, { token: fresh, sharing: { mode: "schools", schoolIds: [a.district.schoolIds[1]!], sectionIds: [] } }, NOW + DAY);
    expect(after.sharing.schoolIds).toEqual([a.district.schoolIds[1]]);
    await expect(changeSharing(db(), env, { token: a.manageToken, sharing: { mode: "all", schoolIds: [], sectionIds: [] } }, NOW + DAY)).rejects.toMatchObject({ code: "gone" });
    expect((await eventsOf(a.inv.id)).filter((e) => e.type === "manage_link_sent")).toHaveLength(1);
  });

  it("is refused after launch, for another vendor, and beyond the hourly limit", async () => {
    const a = await accepted();
    const other = await createVendor();
    await expect(resendManageLink(db(), env, { appId: other.appId, userId: other.userId }, a.connectionId, NOW)).rejects.toMatchObject({ code: "not_found" });
    for (let i = 0; i < MANAGE_LINK_LIMIT; i++) await resendManageLink(db(), env, a.actor, a.connectionId, NOW + 1000 + i);
    await expect(resendManageLink(db(), env, a.actor, a.connectionId, NOW + 2000)).rejects.toMatchObject({ code: "rate_limited" });
    const b = await accepted();
    await launchNow(db(), env, b.actor, b.connectionId, NOW + DAY);
    await expect(resendManageLink(db(), env, b.actor, b.connectionId, NOW + DAY + 1)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("launched") });
    expect((await loadManage(db(), b.manageToken, NOW + DAY + 1)).ok).toBe(true);
  });

  it("POST /api/connections/:id/manage-link answers 200 with the address, then 409 after launch", async () => {
    const vendor = await createVendor();
    const district = await createDistrict({ state: "AZ", schools: 2 });
    const inv = await createInvitation(vendor, district, { launchDate: "2099-09-01" });
    const r = await acceptInvitation(db(), env, { token: inv.token }, Date.now());
    const ok = await api(`/api/connections/${r.connectionId}/manage-link`, { method: "POST", headers: vendor.auth });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ connection: { id: r.connectionId }, sentTo: (await invitationRow(inv.id))?.contactEmail });
    expect((await loadManage(db(), r.manageToken, Date.now())).ok).toBe(false);
    await db().update(connections).set({ launchedAt: Date.now() }).where(eq(connections.id, r.connectionId));
    const late = await api(`/api/connections/${r.connectionId}/manage-link`, { method: "POST", headers: vendor.auth });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: "conflict" } });
  });
});

describe("accept as proposed with nothing proposed", () => {
  it("is refused with a field error and leaves the invitation pending", async () => {
    const vendor = await createVendor({ now: NOW });
    const district = await createDistrict({ state: "NY", schools: 2 });
    const inv = await createInvitation(vendor, district, { now: NOW, shareMode: "none" });
    await expect(acceptInvitation(db(), env, { token: inv.token }, NOW)).rejects.toMatchObject({ code: "validation_failed", fields: { schoolIds: expect.any(String) } });
    expect((await invitationRow(inv.id))?.status).toBe("pending");
    const r = await acceptInvitation(db(), env, { token: inv.token, sharing: { mode: "schools", schoolIds: [district.schoolIds[0]!], sectionIds: [] } }, NOW);
    expect(r.connectionId).toBeTruthy();
  });
});

describe("an invitation past its expiry that the clock has not swept yet", () => {
  it("shows as expired and cannot be accepted, though its link has not expired", async () => {
    const vendor = await createVendor({ now: NOW });
    const district = await createDistrict({ state: "NY", schools: 1 });
    const inv = await createInvitation(vendor, district, { now: NOW, expiresInMs: DAY });
    expect(await loadReview(db(), inv.token, NOW + 2 * DAY)).toEqual({ ok: false, reason: "expired" });
    await expect(acceptInvitation(db(), env, { token: inv.token }, NOW + 2 * DAY)).rejects.toMatchObject({ code: "gone" });
    expect((await invitationRow(inv.id))?.status).toBe("pending");
  });
});
