// Guards what can change before launch and what is fixed after: the district's
// sharing (manage link), the vendor's reschedule (never into the past in the
// district's zone) and launch now; after launch each is a clear conflict.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { acceptInvitation } from "../../workers/connections/decide";
import { changeSharing, loadManage } from "../../workers/connections/manage";
import { getConnection } from "../../workers/connections/queries";
import { launchNow, reschedule } from "../../workers/connections/schedule";
import { connections, invitations } from "../../workers/db/schema";
import { createDistrict, createVendor, db } from "../support/fixtures";
import { createInvitation, DAY, emailsOfConnection, env, eventsOf } from "./support";

const NOW = Date.UTC(2027, 7, 20, 15, 0);

async function accepted(state = "HI", launchDate: string | null = "2027-09-01") {
  const vendor = await createVendor({ now: NOW });
  const district = await createDistrict({ state, schools: 3, sectionsPerSchool: 2 });
  const inv = await createInvitation(vendor, district, { now: NOW, launchDate });
  const r = await acceptInvitation(db(), env, { token: inv.token }, NOW);
  const actor = { appId: vendor.appId, userId: vendor.userId };
  return { vendor, district, inv, actor, ...r };
}

describe("district changes sharing from the manage link", () => {
  it("changes sharing before launch and tells the vendor", async () => {
    const a = await accepted();
    const view = await loadManage(db(), a.manageToken, NOW + DAY);
    expect(view.ok).toBe(true);
    const after = await changeSharing(db(), env, { token: a.manageToken, sharing: { mode: "schools", schoolIds: [a.district.schoolIds[2]!], sectionIds: [] } }, NOW + DAY);
    expect(after.sharing).toEqual({ mode: "schools", schoolIds: [a.district.schoolIds[2]], sectionIds: [] });
    const sec = a.district.sectionIds[a.district.schoolIds[0]!]!;
    const again = await changeSharing(db(), env, { token: a.manageToken, sharing: { mode: "sections", schoolIds: [], sectionIds: sec } }, NOW + DAY);
    expect(again.sharing).toEqual({ mode: "sections", schoolIds: [], sectionIds: [...sec].sort() });
    expect((await eventsOf(a.inv.id)).filter((e) => e.type === "sharing_changed")).toHaveLength(2);
    expect((await emailsOfConnection(a.connectionId)).filter((m) => m.template === "connection.sharing_changed")).toHaveLength(2);
  });

  it("refuses a change after launch, saying the date is fixed, and keeps the sharing", async () => {
    const a = await accepted();
    await launchNow(db(), env, a.actor, a.connectionId, NOW + DAY);
    await expect(changeSharing(db(), env, { token: a.manageToken, sharing: { mode: "schools", schoolIds: [a.district.schoolIds[0]!], sectionIds: [] } }, NOW + 2 * DAY))
      .rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("fixed") });
    expect((await getConnection(db(), a.actor, a.connectionId)).sharing.mode).toBe("all");
  });

  it("refuses an unknown or review token as a manage token", async () => {
    const a = await accepted();
    expect(await loadManage(db(), a.inv.token, NOW)).toEqual({ ok: false, reason: "unknown" });
    await expect(changeSharing(db(), env, { token: "nope", sharing: { mode: "all", schoolIds: [], sectionIds: [] } }, NOW)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("vendor reschedules or launches now", () => {
  it("moves the launch to local midnight of the new date, on the invitation too", async () => {
    const a = await accepted("HI");
    const c = await reschedule(db(), env, a.actor, a.connectionId, "2027-10-05", NOW);
    expect(c).toMatchObject({ launchDate: "2027-10-05", launchAt: Date.UTC(2027, 9, 5, 10), launchedAt: null, status: "scheduled" });
    expect((await db().select().from(invitations).where(eq(invitations.id, a.inv.id)).get())?.launchDate).toBe("2027-10-05");
    expect((await eventsOf(a.inv.id)).map((e) => e.type)).toContain("rescheduled");
  });

  it("refuses a date already past in the district's zone, though it is today in UTC", async () => {
    const a = await accepted("HI");
    // 2027-08-21 05:00 UTC is still 2027-08-20 in Honolulu: the 20th is allowed, the 19th is not.
    const now = Date.UTC(2027, 7, 21, 5, 0);
    await expect(reschedule(db(), env, a.actor, a.connectionId, "2027-08-19", now)).rejects.toMatchObject({ code: "validation_failed", fields: { launchDate: expect.stringContaining("August 20, 2027") } });
    await expect(reschedule(db(), env, a.actor, a.connectionId, "2027-02-30", now)).rejects.toMatchObject({ fields: { launchDate: expect.any(String) } });
    // Today in Honolulu: its midnight has passed, so it launches at once.
    const c = await reschedule(db(), env, a.actor, a.connectionId, "2027-08-20", now);
    expect(c).toMatchObject({ status: "launched", launchedAt: now, launchDate: "2027-08-20" });
  });

  it("launches now once, and refuses every change afterwards", async () => {
    const a = await accepted("NY");
    const c = await launchNow(db(), env, a.actor, a.connectionId, NOW);
    expect(c).toMatchObject({ status: "launched", launchedAt: NOW });
    const mail = await emailsOfConnection(a.connectionId);
    expect(mail.filter((m) => m.template.startsWith("connection.launched"))).toHaveLength(2);
    await expect(launchNow(db(), env, a.actor, a.connectionId, NOW + 1000)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("launch date is fixed") });
    await expect(reschedule(db(), env, a.actor, a.connectionId, "2027-12-01", NOW + 1000)).rejects.toMatchObject({ code: "conflict" });
    expect((await db().select().from(connections).where(eq(connections.id, a.connectionId)).get())).toMatchObject({ launchedAt: NOW, launchDate: "2027-09-01" });
  });

  it("another vendor's connection is not found", async () => {
    const a = await accepted();
    const other = await createVendor();
    await expect(launchNow(db(), env, { appId: other.appId, userId: other.userId }, a.connectionId, NOW)).rejects.toMatchObject({ code: "not_found" });
    expect((await getConnection(db(), a.actor, a.connectionId)).launchedAt).toBeNull();
  });
});
