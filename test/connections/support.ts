// Invitations and connections inserted directly, so the district-side tests
// do not depend on the invitation-creation code; plus small readers.
import { eq } from "drizzle-orm";
import { emails, invitationEvents, invitations, invitationSchools, invitationSections } from "../../workers/db/schema";
import { issueToken } from "../../workers/lib/tokens";
import { db, type DistrictFixture, type VendorFixture } from "../support/fixtures";

export const DAY = 86_400_000;

export interface InvitationFixture {
  id: string;
  token: string;
  tokenHash: string;
}

export async function createInvitation(
  vendor: VendorFixture,
  district: DistrictFixture,
  opts: {
    now?: number;
    launchDate?: string | null;
    shareMode?: "all" | "schools" | "sections" | "none";
    schoolIds?: string[];
    sectionIds?: string[];
    contactEmail?: string;
    additionalEmails?: string[];
    kind?: "connect" | "onboarding";
    expiresInMs?: number;
  } = {},
): Promise<InvitationFixture> {
  const d = db();
  const now = opts.now ?? Date.now();
  const id = crypto.randomUUID();
  const review = await issueToken(d, opts.kind === "onboarding" ? "join" : "review", { invitationId: id }, now);
  const shareMode = opts.shareMode ?? "all";
  await d.batch([
    d.insert(invitations).values({
      id, appId: vendor.appId, vendorId: vendor.vendorId, districtId: district.id, kind: opts.kind ?? "connect", status: "pending",
      message: "We'd love to bring our reading app to your classrooms.", contactName: "Dana Contact",
      contactEmail: opts.contactEmail ?? `contact-${id.slice(0, 6)}@district.test`, additionalEmails: JSON.stringify(opts.additionalEmails ?? []),
      launchDate: opts.launchDate ?? null, shareMode, createdBy: vendor.userId, createdAt: now, updatedAt: now,
      expiresAt: now + (opts.expiresInMs ?? 30 * DAY),
    }),
    review.statement,
    ...(opts.schoolIds ?? []).map((schoolId) => d.insert(invitationSchools).values({ invitationId: id, schoolId })),
    ...(opts.sectionIds ?? []).map((sectionId) => d.insert(invitationSections).values({ invitationId: id, sectionId })),
  ]);
  return { id, token: review.token, tokenHash: review.tokenHash };
}

export const invitationRow = (id: string) => db().select().from(invitations).where(eq(invitations.id, id)).get();
export const eventsOf = (id: string) => db().select().from(invitationEvents).where(eq(invitationEvents.invitationId, id)).orderBy(invitationEvents.at);
export const emailsOfInvitation = (id: string) => db().select().from(emails).where(eq(emails.invitationId, id));
export const emailsOfConnection = (id: string) => db().select().from(emails).where(eq(emails.connectionId, id));

/** env for domain calls: the test bindings (APP_URL, EMAIL_FROM ...). */
export { env } from "cloudflare:workers";
