// Shared pieces for the invitation tests: a valid connect body, and readers
// for what the database holds about an invitation.
import { eq } from "drizzle-orm";
import { accessTokens, emails, invitationEvents, invitations } from "../../workers/db/schema";
import { db, type DistrictFixture } from "../support/fixtures";

export function connectBody(d: DistrictFixture, extra: Record<string, unknown> = {}) {
  return {
    districtId: d.id,
    primaryContact: { name: "Pat Principal", email: `pat-${d.id}@district.test` },
    additionalEmails: [],
    launchDate: null,
    ...extra,
  };
}

export function onboardingBody(d: DistrictFixture, extra: Record<string, unknown> = {}) {
  return {
    kind: "onboarding",
    districtId: d.id,
    curriculumContact: { name: "Cam Curriculum", email: `cam-${d.id}@district.test`, role: "Curriculum director" },
    district: { name: d.name, state: d.state, website: "https://district.test", phone: "555-0100" },
    message: "We would love to work with your teachers.",
    ...extra,
  };
}

export const invitationsOf = (appId: string) => db().select().from(invitations).where(eq(invitations.appId, appId)).all();
export const emailsOf = (invitationId: string) => db().select().from(emails).where(eq(emails.invitationId, invitationId)).all();
export const emailsOfVendor = (vendorId: string) => db().select().from(emails).where(eq(emails.vendorId, vendorId)).all();
export const eventsOf = (invitationId: string) => db().select().from(invitationEvents).where(eq(invitationEvents.invitationId, invitationId)).all();
export const tokensOf = (invitationId: string) => db().select().from(accessTokens).where(eq(accessTokens.invitationId, invitationId)).all();

/** The raw token in a queued email's text (the database only holds its hash). */
export function tokenIn(text: string, path: "/connect/" | "/join/"): string {
  const m = new RegExp(`${path.replace(/\//g, "\\/")}([A-Za-z0-9_-]+)`).exec(text);
  if (!m?.[1]) throw new Error(`no ${path} link in the email`);
  return m[1];
}

/** The vendor fixture as a signed-in person acting in the app. */
export function sessionActor(v: { userId: string; email: string; vendorId: string; appId: string }) {
  return { via: "session" as const, userId: v.userId, email: v.email, vendorId: v.vendorId, appId: v.appId, timeZone: "America/New_York" };
}
