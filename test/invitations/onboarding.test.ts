// Guards the Off-Homeroom path: the curriculum contact's /join link only shows
// until a POST records their confirmation; staff mark the onboarding, and
// "onboarded" puts the district on Homeroom and turns the invitation into a
// pending connect invitation whose review link is emailed, in one batch.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { districts, districtSync, invitations, onboardings } from "../../workers/db/schema";
import { revokeInvitation } from "../../workers/invitations/actions";
import { createInvitation } from "../../workers/invitations/create";
import { confirmJoin, joinView, listOnboardings, updateOnboarding } from "../../workers/invitations/onboarding";
import { AppError } from "../../workers/lib/errors";
import { checkToken } from "../../workers/lib/tokens";
import { createDistrict, createVendor, db } from "../support/fixtures";
import { emailsOf, eventsOf, onboardingBody, sessionActor, tokenIn } from "./helpers";

async function setup() {
  const v = await createVendor();
  const d = await createDistrict({ onHomeroom: false });
  const inv = await createInvitation(db(), env, sessionActor(v), onboardingBody(d), Date.now());
  const mail = await emailsOf(inv.id);
  const join = tokenIn(mail.find((m) => m.template === "invitation.onboarding")!.text, "/join/");
  const o = (await db().select().from(onboardings).where(eq(onboardings.invitationId, inv.id)).get())!;
  return { v, d, inv, join, o };
}

const joinInput = { districtName: "Confirmed District", districtState: "ca", districtWebsite: "https://confirmed.test", districtPhone: "555-0199", contactName: "Cam C.", contactRole: "Director of Curriculum" };

describe("/join/:token", () => {
  it("shows the onboarding without changing it; confirming records the details and a timeline event", async () => {
    const { join, o, inv } = await setup();
    const view = await joinView(db(), join, Date.now());
    expect(view?.onboarding.id).toBe(o.id);
    expect((await db().select().from(onboardings).where(eq(onboardings.id, o.id)).get())!.contactConfirmedAt).toBeNull();

    await confirmJoin(db(), env, join, joinInput, Date.now());
    const after = (await db().select().from(onboardings).where(eq(onboardings.id, o.id)).get())!;
    expect(after).toMatchObject({ districtName: "Confirmed District", districtState: "CA", contactRole: "Director of Curriculum" });
    expect(after.contactConfirmedAt).not.toBeNull();
    expect((await eventsOf(inv.id)).map((e) => e.type)).toContain("onboarding_confirmed");
  });

  it("tells the onboarding team when the contact confirms, in the same batch, and again when they correct it", async () => {
    const { join, inv } = await setup();
    await confirmJoin(db(), env, join, joinInput, Date.now());
    const told = (await emailsOf(inv.id)).filter((m) => m.template === "onboarding.confirmed");
    expect(told).toHaveLength(1);
    expect(JSON.parse(told[0]!.to)).toEqual([env.ONBOARDING_TEAM_EMAIL]);
    expect(told[0]!.replyTo).toBe(`cam-${inv.districtId}@district.test`);
    expect(told[0]!.subject).toBe("Contact confirmed: Confirmed District (CA)");
    expect(told[0]!.text).toContain("Director of Curriculum");
    expect(told[0]!.text).toContain("/ops/onboarding");
    await confirmJoin(db(), env, join, { ...joinInput, contactRole: "Chief Academic Officer" }, Date.now());
    const again = (await emailsOf(inv.id)).filter((m) => m.template === "onboarding.confirmed").map((m) => m.subject).sort();
    expect(again).toEqual(["Contact confirmed: Confirmed District (CA)", "Details updated: Confirmed District (CA)"]);
  });

  it("refuses bad details, naming each field, and records nothing", async () => {
    const { join, o } = await setup();
    const err = await confirmJoin(db(), env, join, { ...joinInput, districtState: "California", contactName: "" }, Date.now()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(Object.keys((err as AppError).fields ?? {}).sort()).toEqual(["contactName", "districtState"]);
    expect((await db().select().from(onboardings).where(eq(onboardings.id, o.id)).get())!.contactConfirmedAt).toBeNull();
    expect((await emailsOf(o.invitationId)).filter((m) => m.template === "onboarding.confirmed")).toHaveLength(0);
  });

  it("shows nothing for an unknown, revoked or expired link", async () => {
    const { v, join, inv } = await setup();
    expect(await joinView(db(), "not-a-real-token", Date.now())).toBeNull();
    expect(await joinView(db(), join, Date.now() + 31 * 86_400_000)).toBeNull();
    await revokeInvitation(db(), sessionActor(v), inv.id, Date.now());
    expect(await joinView(db(), join, Date.now())).toBeNull();
    expect(await checkToken(db(), join, "join", Date.now())).toMatchObject({ ok: false, reason: "revoked" });
    await expect(confirmJoin(db(), env, join, joinInput, Date.now())).rejects.toMatchObject({ code: "gone" });
  });
});

describe("/ops/onboarding actions", () => {
  it("lists the onboarding with its vendor and app", async () => {
    const { o } = await setup();
    const rows = await listOnboardings(db(), "new");
    expect(rows.find((r) => r.id === o.id)).toMatchObject({ status: "new", invitationStatus: "pending" });
  });

  it("marking onboarded puts the district on Homeroom and emails the review link for a pending connect invitation", async () => {
    const { d, inv, join, o } = await setup();
    await updateOnboarding(db(), env, "staff-1", { id: o.id, status: "contacted", notes: "Called on Monday" }, Date.now());
    const result = await updateOnboarding(db(), env, "staff-1", { id: o.id, status: "onboarded", notes: "Live" }, Date.now());
    expect(result).toEqual({ outcome: "onboarded", converted: true });

    expect((await db().select().from(districts).where(eq(districts.id, d.id)).get())!.onHomeroom).toBe(true);
    expect(await db().select().from(districtSync).where(eq(districtSync.districtId, d.id)).get()).toMatchObject({ status: "setting_up" });
    expect(await db().select().from(invitations).where(eq(invitations.id, inv.id)).get()).toMatchObject({ kind: "connect", status: "pending" });
    expect(await db().select().from(onboardings).where(eq(onboardings.id, o.id)).get()).toMatchObject({ status: "onboarded", notes: "Live" });

    const review = (await emailsOf(inv.id)).find((m) => m.template === "invitation.connect")!;
    expect(JSON.parse(review.to)).toEqual([`cam-${d.id}@district.test`]);
    expect(JSON.parse(review.cc)).toContain(env.HOMEROOM_TEAM_EMAIL);
    expect((await checkToken(db(), tokenIn(review.text, "/connect/"), "review", Date.now())).ok).toBe(true);
    expect(await checkToken(db(), join, "join", Date.now())).toMatchObject({ ok: false, reason: "revoked" });
    const types = (await eventsOf(inv.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["onboarding_contacted", "onboarding_onboarded"]));

    // Once onboarded, it cannot be reopened.
    await expect(updateOnboarding(db(), env, "staff-1", { id: o.id, status: "new", notes: "" }, Date.now())).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("marking declined rejects the vendor's pending invitation", async () => {
    const { inv, o } = await setup();
    expect(await updateOnboarding(db(), env, "staff-1", { id: o.id, status: "declined", notes: "" }, Date.now())).toMatchObject({ outcome: "declined" });
    expect(await db().select().from(invitations).where(eq(invitations.id, inv.id)).get()).toMatchObject({ status: "rejected" });
  });

  it("refuses an unknown status or an over-long note", async () => {
    const { o } = await setup();
    await expect(updateOnboarding(db(), env, "s", { id: o.id, status: "maybe" as "new", notes: "" }, Date.now())).rejects.toMatchObject({ fields: { status: expect.any(String) } });
    await expect(updateOnboarding(db(), env, "s", { id: o.id, status: "new", notes: "x".repeat(4001) }, Date.now())).rejects.toMatchObject({ fields: { notes: expect.any(String) } });
  });
});
