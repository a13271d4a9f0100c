// Guards the clock: launches at local midnight in each district's own zone
// (Honolulu, Anchorage, Phoenix, New York, across a DST change), exactly once
// when two runs overlap, catching up after missed runs; expiry and 7-day reminders.
import { eq, inArray } from "drizzle-orm";
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../workers/api-worker";
import { acceptInvitation } from "../../workers/connections/decide";
import { loadReview } from "../../workers/connections/review";
import { accessTokens, connections } from "../../workers/db/schema";
import { expireInvitations, launchDue, sendReminders } from "../../workers/launches/jobs";
import { runScheduled } from "../../workers/scheduled";
import { createDistrict, createVendor, db } from "../support/fixtures";
import { fakeMailbox, sentEmails } from "../support/mail";
import { createInvitation, DAY, emailsOfConnection, emailsOfInvitation, env, eventsOf, invitationRow } from "../connections/support";

const H = 3_600_000;

async function acceptedConnection(state: string, launchDate: string | null, now: number, override: string | null = null) {
  const vendor = await createVendor({ now });
  const district = await createDistrict({ state, timeZoneOverride: override });
  const inv = await createInvitation(vendor, district, { now, launchDate });
  const { connectionId } = await acceptInvitation(db(), env, { token: inv.token }, now);
  return { vendor, district, inv, connectionId };
}

const launchedAt = async (id: string) => (await db().select({ t: connections.launchedAt }).from(connections).where(eq(connections.id, id)).get())?.t ?? null;

describe("launches at local midnight", () => {
  it("releases each district at its own midnight on a DST change day (2027-03-14)", async () => {
    const accepted = Date.UTC(2027, 2, 1);
    const ny = await acceptedConnection("NY", "2027-03-14", accepted); // EST until 2 AM: midnight = 05:00 UTC
    const az = await acceptedConnection("AZ", "2027-03-14", accepted); // no DST: 07:00 UTC
    const ak = await acceptedConnection("AK", "2027-03-14", accepted); // AKST: 09:00 UTC
    const hi = await acceptedConnection("HI", "2027-03-14", accepted); // HST: 10:00 UTC
    const ids = [ny, az, ak, hi].map((x) => x.connectionId);
    const state = async () => Promise.all(ids.map(async (id) => (await launchedAt(id)) !== null));

    const steps: [number, boolean[]][] = [
      [Date.UTC(2027, 2, 14, 4, 59), [false, false, false, false]],
      [Date.UTC(2027, 2, 14, 5, 0), [true, false, false, false]],
      [Date.UTC(2027, 2, 14, 6, 59), [true, false, false, false]],
      [Date.UTC(2027, 2, 14, 7, 0), [true, true, false, false]],
      [Date.UTC(2027, 2, 14, 8, 59), [true, true, false, false]],
      [Date.UTC(2027, 2, 14, 9, 0), [true, true, true, false]],
      [Date.UTC(2027, 2, 14, 10, 0), [true, true, true, true]],
    ];
    for (const [now, expected] of steps) {
      await launchDue(db(), env, now);
      expect(await state(), new Date(now).toISOString()).toEqual(expected);
    }
    expect(await launchedAt(ny.connectionId)).toBe(Date.UTC(2027, 2, 14, 5, 0));
  });

  it("uses the daylight offset after the change and the standard one after fall back", async () => {
    const accepted = Date.UTC(2027, 2, 1);
    const summer = await acceptedConnection("NY", "2027-03-15", accepted); // EDT: 04:00 UTC
    const fallBack = await acceptedConnection("NY", "2027-11-07", accepted); // still EDT at midnight: 04:00 UTC
    const after = await acceptedConnection("NY", "2027-11-08", accepted); // EST: 05:00 UTC
    const rows = await db().select().from(connections).where(inArray(connections.id, [summer.connectionId, fallBack.connectionId, after.connectionId]));
    const at = new Map(rows.map((r) => [r.id, r.launchAt]));
    expect(at.get(summer.connectionId)).toBe(Date.UTC(2027, 2, 15, 4));
    expect(at.get(fallBack.connectionId)).toBe(Date.UTC(2027, 10, 7, 4));
    expect(at.get(after.connectionId)).toBe(Date.UTC(2027, 10, 8, 5));
  });
});

describe("exactly once", () => {
  it("two overlapping runs launch once and queue one launch email per party", async () => {
    const c = await acceptedConnection("CA", "2027-04-01", Date.UTC(2027, 2, 1));
    const now = Date.UTC(2027, 3, 1, 8, 0); // midnight PDT = 07:00 UTC
    const [a, b] = await Promise.all([launchDue(db(), env, now), launchDue(db(), env, now)]);
    expect(a.launched + b.launched).toBeGreaterThanOrEqual(1);
    expect(await launchedAt(c.connectionId)).toBe(now);
    const mail = (await emailsOfConnection(c.connectionId)).filter((m) => m.template.startsWith("connection.launched"));
    expect(mail.map((m) => m.template).sort()).toEqual(["connection.launched", "connection.launched_district"]);
    expect((await eventsOf(c.inv.id)).filter((e) => e.type === "launched")).toHaveLength(1);
    // A later run changes nothing.
    await launchDue(db(), env, now + 5 * 60_000);
    expect(await launchedAt(c.connectionId)).toBe(now);
    expect((await emailsOfConnection(c.connectionId)).filter((m) => m.template.startsWith("connection.launched"))).toHaveLength(2);
  });

  it("the scheduled handler fired twice at once sends the vendor one launch email", async () => {
    const box = fakeMailbox();
    const c = await acceptedConnection("TX", "2027-05-03", Date.UTC(2027, 3, 1));
    const now = Date.UTC(2027, 4, 3, 5, 5); // 00:05 CDT
    await Promise.all([runScheduled(box.env, now), runScheduled(box.env, now)]);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now + 5 * 60_000, cron: "*/5 * * * *" }), box.env, ctx);
    await waitOnExecutionContext(ctx);
    // Other tests' mail may be delivered by these runs too: look at this connection's only.
    const sent = (await sentEmails(box)).filter((m) => String(m.subject).includes(c.district.name));
    const launched = sent.filter((m) => String(m.subject).includes(" is live in "));
    expect(launched).toHaveLength(1);
    expect(launched[0]?.to).toEqual([c.vendor.email]);
    expect(sent.filter((m) => String(m.subject).includes("is now available in"))).toHaveLength(1);
  });

  it("catches up after missed runs and leaves future dates alone", async () => {
    const due = await acceptedConnection("CO", "2027-06-01", Date.UTC(2027, 4, 1));
    const later = await acceptedConnection("CO", "2027-06-10", Date.UTC(2027, 4, 1));
    // No run on June 1 or 2; the first run is on June 3.
    const now = Date.UTC(2027, 5, 3, 12, 0);
    await launchDue(db(), env, now);
    expect(await launchedAt(due.connectionId)).toBe(now);
    expect(await launchedAt(later.connectionId)).toBeNull();
  });
});

describe("expiry and reminders", () => {
  it("expires a pending invitation past its expiry, revoking its link, once", async () => {
    const vendor = await createVendor();
    const district = await createDistrict();
    const t0 = Date.UTC(2027, 0, 10);
    const inv = await createInvitation(vendor, district, { now: t0, expiresInMs: 10 * DAY });
    const open = await createInvitation(vendor, await createDistrict(), { now: t0, expiresInMs: 30 * DAY });
    await expireInvitations(db(), env, t0 + 9 * DAY);
    expect((await invitationRow(inv.id))?.status).toBe("pending");
    await Promise.all([expireInvitations(db(), env, t0 + 10 * DAY), expireInvitations(db(), env, t0 + 10 * DAY)]);
    expect((await invitationRow(inv.id))?.status).toBe("expired");
    expect((await invitationRow(open.id))?.status).toBe("pending");
    expect((await eventsOf(inv.id)).filter((e) => e.type === "expired")).toHaveLength(1);
    const tok = await db().select().from(accessTokens).where(eq(accessTokens.tokenHash, inv.tokenHash)).get();
    expect(tok?.revokedAt).toBe(t0 + 10 * DAY);
    expect(await loadReview(db(), inv.token, t0 + 10 * DAY)).toEqual({ ok: false, reason: "revoked" });
  });

  it("reminds every contact of an invitation pending 7 days, once, with a fresh working link", async () => {
    const vendor = await createVendor();
    const t0 = Date.UTC(2027, 0, 10);
    const old = await createInvitation(vendor, await createDistrict({ state: "WA" }), { now: t0, additionalEmails: ["second@district.test"] });
    const young = await createInvitation(vendor, await createDistrict(), { now: t0 + 2 * DAY });
    const now = t0 + 7 * DAY + H;
    await Promise.all([sendReminders(db(), env, now), sendReminders(db(), env, now)]);
    await sendReminders(db(), env, now + DAY);
    const mail = (await emailsOfInvitation(old.id)).filter((m) => m.template === "invitation.reminder");
    expect(mail).toHaveLength(1);
    expect(JSON.parse(mail[0]!.to)).toEqual([(await invitationRow(old.id))!.contactEmail, "second@district.test"]);
    const link = /\/connect\/([\w-]+)/.exec(mail[0]!.text)?.[1];
    expect(link).toBeTruthy();
    expect(link).not.toBe(old.token);
    const review = await loadReview(db(), link!, now);
    expect(review.ok && review.view.invitation.id).toBe(old.id);
    expect((await invitationRow(old.id))?.reminderSentAt).toBe(now);
    expect(await emailsOfInvitation(young.id)).toHaveLength(0);
    expect((await eventsOf(old.id)).filter((e) => e.type === "reminded")).toHaveLength(1);
  });

  it("reminds an onboarding contact with a fresh /join/ link", async () => {
    const vendor = await createVendor();
    const t0 = Date.UTC(2027, 1, 1);
    const inv = await createInvitation(vendor, await createDistrict({ onHomeroom: false }), { now: t0, kind: "onboarding" });
    await sendReminders(db(), env, t0 + 8 * DAY);
    const mail = (await emailsOfInvitation(inv.id)).filter((m) => m.template === "invitation.reminder");
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toMatch(/\/join\/[\w-]+/);
    expect(mail[0]!.subject).toContain("join Homeroom");
  });
});
