// Guards the district contact's decision: accept as proposed or with changed
// sharing, reject with a reason; a decision is final (double POSTs decide once);
// expired, revoked, used and unknown tokens are refused and reveal nothing.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { acceptInvitation, rejectInvitation } from "../../workers/connections/decide";
import { loadReview } from "../../workers/connections/review";
import { accessTokens, connections, connectionSchools, connectionSections } from "../../workers/db/schema";
import { localMidnightUtc } from "../../workers/lib/time";
import { revokeInvitationTokens } from "../../workers/lib/tokens";
import { createDistrict, createVendor, db } from "../support/fixtures";
import { createInvitation, DAY, emailsOfInvitation, env, eventsOf, invitationRow } from "./support";

const NOW = Date.UTC(2027, 7, 20, 15, 0); // 2027-08-20 15:00 UTC

async function setup(opts: Parameters<typeof createInvitation>[2] = {}) {
  const vendor = await createVendor({ now: NOW });
  const district = await createDistrict({ state: "IL", schools: 3, sectionsPerSchool: 2 });
  const inv = await createInvitation(vendor, district, { now: NOW, launchDate: "2027-09-01", ...opts });
  return { vendor, district, inv };
}

describe("review page data", () => {
  it("shows the invitation without changing anything", async () => {
    const { district, inv } = await setup({ shareMode: "schools", schoolIds: [] });
    const before = await invitationRow(inv.id);
    const r = await loadReview(db(), inv.token, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.view.parties.districtName).toBe(district.name);
    expect(r.view.parties.timeZone).toBe("America/Chicago");
    expect(r.view.launchAt).toBe(Date.UTC(2027, 8, 1, 5, 0)); // midnight CDT
    expect(r.view.schools.map((s) => s.id)).toEqual(district.schoolIds);
    expect(await invitationRow(inv.id)).toEqual(before);
    const tok = await db().select().from(accessTokens).where(eq(accessTokens.tokenHash, inv.tokenHash)).get();
    expect(tok?.usedAt).toBeNull();
  });

  it("refuses unknown, expired and revoked tokens with only a reason", async () => {
    const { inv } = await setup();
    expect(await loadReview(db(), "nope", NOW)).toEqual({ ok: false, reason: "unknown" });
    expect(await loadReview(db(), inv.token, NOW + 31 * DAY)).toEqual({ ok: false, reason: "expired" });
    await revokeInvitationTokens(db(), inv.id, NOW);
    expect(await loadReview(db(), inv.token, NOW)).toEqual({ ok: false, reason: "revoked" });
    await expect(acceptInvitation(db(), env, { token: inv.token }, NOW)).rejects.toMatchObject({ code: "gone" });
    await expect(acceptInvitation(db(), env, { token: "x".repeat(43) }, NOW)).rejects.toMatchObject({ code: "not_found" });
    expect((await invitationRow(inv.id))?.status).toBe("pending");
  });
});

describe("accept", () => {
  it("accepts as proposed: connection, sharing, launch at local midnight, timeline, emails, manage token", async () => {
    const { vendor, district, inv } = await setup();
    const r = await acceptInvitation(db(), env, { token: inv.token }, NOW);
    const row = await invitationRow(inv.id);
    expect(row).toMatchObject({ status: "approved", connectionId: r.connectionId, decidedAt: NOW });
    const c = await db().select().from(connections).where(eq(connections.id, r.connectionId)).get();
    expect(c).toMatchObject({ districtId: district.id, appId: vendor.appId, launchDate: "2027-09-01", launchAt: localMidnightUtc("2027-09-01", "America/Chicago"), launchedAt: null });
    expect((await eventsOf(inv.id)).map((e) => e.type)).toEqual(["approved"]);
    const mail = await emailsOfInvitation(inv.id);
    expect(mail.map((m) => m.template).sort()).toEqual(["connection.accepted", "connection.manage_link"]);
    expect(JSON.parse(mail.find((m) => m.template === "connection.accepted")!.to)).toEqual([vendor.email]);
    const manageMail = mail.find((m) => m.template === "connection.manage_link")!;
    expect(manageMail.text).toContain(`/manage/${r.manageToken}`);
    // The review link is spent: reloading shows the decision, nothing more.
    expect(await loadReview(db(), inv.token, NOW + 1000)).toEqual({ ok: false, reason: "used", decision: "approved" });
  });

  it("accepts with changed sharing: chosen schools, then chosen sections", async () => {
    const a = await setup();
    const r = await acceptInvitation(db(), env, { token: a.inv.token, sharing: { mode: "schools", schoolIds: [a.district.schoolIds[1]!], sectionIds: [] } }, NOW);
    const shared = await db().select().from(connectionSchools).where(eq(connectionSchools.connectionId, r.connectionId));
    expect(shared.map((s) => s.schoolId)).toEqual([a.district.schoolIds[1]]);
    expect((await db().select().from(connections).where(eq(connections.id, r.connectionId)).get())?.shareMode).toBe("schools");

    const b = await setup();
    const sec = b.district.sectionIds[b.district.schoolIds[0]!]![0]!;
    const r2 = await acceptInvitation(db(), env, { token: b.inv.token, sharing: { mode: "sections", schoolIds: [], sectionIds: [sec] } }, NOW);
    const secs = await db().select().from(connectionSections).where(eq(connectionSections.connectionId, r2.connectionId));
    expect(secs.map((s) => s.sectionId)).toEqual([sec]);
  });

  it("refuses schools of another district and an empty choice, deciding nothing", async () => {
    const { inv } = await setup();
    const other = await createDistrict({ state: "IL" });
    await expect(acceptInvitation(db(), env, { token: inv.token, sharing: { mode: "schools", schoolIds: [other.schoolIds[0]!], sectionIds: [] } }, NOW)).rejects.toMatchObject({ code: "validation_failed", fields: { schoolIds: expect.any(String) } });
    await expect(acceptInvitation(db(), env, { token: inv.token, sharing: { mode: "sections", schoolIds: [], sectionIds: [] } }, NOW)).rejects.toMatchObject({ fields: { sectionIds: expect.any(String) } });
    expect((await invitationRow(inv.id))?.status).toBe("pending");
  });

  it("launches on acceptance when there is no launch date", async () => {
    const { inv } = await setup({ launchDate: null });
    const r = await acceptInvitation(db(), env, { token: inv.token }, NOW);
    expect(r.launchedNow).toBe(true);
    const c = await db().select().from(connections).where(eq(connections.id, r.connectionId)).get();
    expect(c?.launchedAt).toBe(NOW);
    expect((await eventsOf(inv.id)).map((e) => e.type).sort()).toEqual(["approved", "launched"]);
  });

  it("decides once when the button is pressed twice at the same moment", async () => {
    const { inv } = await setup();
    const results = await Promise.allSettled([
      acceptInvitation(db(), env, { token: inv.token }, NOW),
      acceptInvitation(db(), env, { token: inv.token }, NOW),
      rejectInvitation(db(), env, { token: inv.token, reason: "no" }, NOW),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "conflict" });
    const row = await invitationRow(inv.id);
    const conns = await db().select().from(connections).where(eq(connections.invitationId, inv.id));
    expect(conns).toHaveLength(row?.status === "approved" ? 1 : 0);
    expect(await eventsOf(inv.id)).toHaveLength(1);
    expect((await emailsOfInvitation(inv.id)).length).toBe(row?.status === "approved" ? 2 : 1);
    // Pressing again later: the decision stands.
    await expect(acceptInvitation(db(), env, { token: inv.token }, NOW + 5000)).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("reject", () => {
  it("records the reason and tells the vendor", async () => {
    const { vendor, inv } = await setup();
    await rejectInvitation(db(), env, { token: inv.token, reason: "  We already use another reading app.  " }, NOW);
    expect(await invitationRow(inv.id)).toMatchObject({ status: "rejected", decisionReason: "We already use another reading app.", decidedAt: NOW, connectionId: null });
    const mail = await emailsOfInvitation(inv.id);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ template: "invitation.rejected", to: JSON.stringify([vendor.email]) });
    expect(mail[0]!.text).toContain("We already use another reading app.");
    expect(mail[0]!.text).toContain(`/invitations/${inv.id}`);
    expect(await loadReview(db(), inv.token, NOW)).toEqual({ ok: false, reason: "used", decision: "rejected" });
  });

  it("refuses an over-long reason", async () => {
    const { inv } = await setup();
    await expect(rejectInvitation(db(), env, { token: inv.token, reason: "x".repeat(1001) }, NOW)).rejects.toMatchObject({ fields: { reason: expect.any(String) } });
    expect((await invitationRow(inv.id))?.status).toBe("pending");
  });
});
