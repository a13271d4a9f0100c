// Guards who receives an invitation: the exact to, cc and reply-to that Resend
// (the fake server) is asked to send, for connect and onboarding invitations.
// Invitations are created through the domain (no deliverSoon), then delivered
// with deliverDue against this test's own fake-Resend namespace.
import { describe, expect, it } from "vitest";
import { deliverDue } from "../../workers/email/deliver";
import { createInvitation } from "../../workers/invitations/create";
import { createDistrict, createVendor, db } from "../support/fixtures";
import { fakeMailbox, sentEmails } from "../support/mail";
import { connectBody, onboardingBody, sessionActor } from "./helpers";

type Sent = { to: string[] | string; cc?: string[] | string; reply_to?: string | string[]; replyTo?: string | string[]; subject: string; text: string; html: string; from: string };
const list = (v: string[] | string | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const replyOf = (m: Sent) => list(m.reply_to ?? m.replyTo);

describe("invitation email recipients, as Resend receives them", () => {
  it("connect: to the primary and additional contacts, cc the vendor user and the Homeroom team, reply-to the vendor user", async () => {
    const box = fakeMailbox();
    const v = await createVendor();
    const d = await createDistrict();
    await createInvitation(db(), box.env, sessionActor(v),
      connectBody(d, { primaryContact: { name: "Pat", email: "Pat@District.test" }, additionalEmails: ["a2@district.test", "a3@district.test", "a2@district.test"] }), Date.now());
    await deliverDue(db(), box.env, Date.now() + 1000);
    const mine = ((await sentEmails(box)) as unknown as Sent[]).filter((m) => list(m.to).includes("pat@district.test"));
    expect(mine).toHaveLength(1);
    const m = mine[0]!;
    expect(list(m.to)).toEqual(["pat@district.test", "a2@district.test", "a3@district.test"]);
    expect(list(m.cc)).toEqual([v.email, box.env.HOMEROOM_TEAM_EMAIL]);
    expect(replyOf(m)).toEqual([v.email]);
    expect(m.from).toBe(box.env.EMAIL_FROM);
    expect(m.text).toMatch(/\/connect\/[A-Za-z0-9_-]{20,}/);
  });

  it("onboarding: the curriculum contact gets a /join link; the onboarding team gets its own message", async () => {
    const box = fakeMailbox();
    const v = await createVendor();
    const d = await createDistrict({ onHomeroom: false });
    await createInvitation(db(), box.env, sessionActor(v), onboardingBody(d), Date.now());
    await deliverDue(db(), box.env, Date.now() + 1000);
    const sent = (await sentEmails(box)) as unknown as Sent[];
    const contact = sent.find((m) => list(m.to).includes(`cam-${d.id}@district.test`));
    const team = sent.find((m) => list(m.to).includes(box.env.ONBOARDING_TEAM_EMAIL) && m.subject.includes(d.name));
    expect(contact).toBeDefined();
    expect(list(contact!.cc)).toEqual([v.email]);
    expect(replyOf(contact!)).toEqual([v.email]);
    expect(contact!.text).toMatch(/\/join\/[A-Za-z0-9_-]{20,}/);
    expect(team).toBeDefined();
    expect(team!.text).toContain(`cam-${d.id}@district.test`);
  });
});
