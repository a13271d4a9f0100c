// The district contact's review of an invitation, read-only: opening the link
// never decides anything (mail scanners open links). An unusable token yields
// only its reason, never the invitation's details; a used one also says which
// decision was made, so pressing again or reloading shows the outcome.
import { eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { accessTokens, apps, districts, invitations, invitationSchools, invitationSections, schools, sections, users, vendors } from "../db/schema";
import { sha256Hex } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { districtTimeZone, localMidnightUtc } from "../lib/time";
import { checkToken, type TokenRow } from "../lib/tokens";
import type { Parties } from "./emails";
import { districtSchools, type SchoolChoice, type Sharing } from "./sharing";

export type Invitation = typeof invitations.$inferSelect;

export interface InvitationContext {
  invitation: Invitation;
  parties: Parties;
  districtId: string;
  /** Who hears about the decision: the invitation's creator, else every user of the vendor. */
  vendorRecipients: string[];
}

export async function invitationContext(db: Database, invitationId: string): Promise<InvitationContext | null> {
  const row = await db
    .select({ invitation: invitations, appName: apps.name, vendorName: vendors.name, district: { id: districts.id, name: districts.name, state: districts.state, tz: districts.timeZoneOverride } })
    .from(invitations)
    .innerJoin(apps, eq(apps.id, invitations.appId))
    .innerJoin(vendors, eq(vendors.id, invitations.vendorId))
    .innerJoin(districts, eq(districts.id, invitations.districtId))
    .where(eq(invitations.id, invitationId))
    .get();
  if (!row) return null;
  const { invitation, district } = row;
  return {
    invitation,
    districtId: district.id,
    parties: {
      appName: row.appName, vendorName: row.vendorName, districtName: district.name, districtState: district.state,
      timeZone: districtTimeZone({ state: district.state, timeZoneOverride: district.tz }),
    },
    vendorRecipients: await vendorRecipients(db, invitation.vendorId, invitation.createdBy),
  };
}

export async function vendorRecipients(db: Database, vendorId: string, createdBy: string | null): Promise<string[]> {
  if (createdBy) {
    const creator = await db.select({ email: users.email, vendorId: users.vendorId }).from(users).where(eq(users.id, createdBy)).get();
    if (creator && creator.vendorId === vendorId) return [creator.email];
  }
  const rows = await db.select({ email: users.email }).from(users).where(eq(users.vendorId, vendorId));
  return rows.map((r) => r.email);
}

/** What the vendor proposed, as a sharing choice ("none" proposes no schools). */
export async function proposedSharing(db: Database, inv: Invitation): Promise<Sharing> {
  if (inv.shareMode === "all") return { mode: "all", schoolIds: [], sectionIds: [] };
  if (inv.shareMode === "sections") {
    const rows = await db.select({ id: invitationSections.sectionId }).from(invitationSections).where(eq(invitationSections.invitationId, inv.id));
    return { mode: "sections", schoolIds: [], sectionIds: rows.map((r) => r.id) };
  }
  if (inv.shareMode === "none") return { mode: "schools", schoolIds: [], sectionIds: [] };
  const rows = await db.select({ id: invitationSchools.schoolId }).from(invitationSchools).where(eq(invitationSchools.invitationId, inv.id));
  return { mode: "schools", schoolIds: rows.map((r) => r.id), sectionIds: [] };
}

export interface ReviewView {
  tokenHash: string;
  invitation: Invitation;
  parties: Parties;
  districtId: string;
  /** UTC instant of local midnight on the launch date, or null (launch on acceptance). */
  launchAt: number | null;
  proposed: Sharing & { nothingSuggested: boolean };
  schools: SchoolChoice[];
}

export type Decision = "approved" | "rejected" | "revoked" | "expired";
export type ReviewLookup =
  | { ok: true; view: ReviewView }
  | { ok: false; reason: "unknown" | "expired" | "revoked" | "used"; decision?: Decision };

export async function loadReview(db: Database, token: string, now: number): Promise<ReviewLookup> {
  const check = await checkToken(db, token, "review", now);
  if (!check.ok) {
    if (check.reason === "used") return { ok: false, reason: "used", decision: await decisionOf(db, token) };
    return { ok: false, reason: check.reason };
  }
  const view = await reviewOf(db, check.row, now);
  if (!view) return { ok: false, reason: "unknown" };
  if (view.invitation.status !== "pending") return { ok: false, reason: "used", decision: view.invitation.status as Decision };
  // Past its expiry but not yet swept by the clock: as good as expired.
  if (view.invitation.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, view };
}

async function reviewOf(db: Database, row: TokenRow, _now: number): Promise<ReviewView | null> {
  if (!row.invitationId) return null;
  const ctx = await invitationContext(db, row.invitationId);
  if (!ctx || ctx.invitation.kind !== "connect") return null;
  const inv = ctx.invitation;
  const proposed = await proposedSharing(db, inv);
  return {
    tokenHash: row.tokenHash,
    invitation: inv,
    parties: ctx.parties,
    districtId: ctx.districtId,
    launchAt: inv.launchDate ? localMidnightUtc(inv.launchDate, ctx.parties.timeZone) : null,
    proposed: { ...proposed, nothingSuggested: inv.shareMode === "none" },
    schools: await districtSchools(db, ctx.districtId),
  };
}

/** The decision behind a spent review token (only its outcome: nothing else of the invitation). */
async function decisionOf(db: Database, token: string): Promise<Decision | undefined> {
  const row = await db
    .select({ status: invitations.status })
    .from(accessTokens)
    .innerJoin(invitations, eq(invitations.id, accessTokens.invitationId))
    .where(eq(accessTokens.tokenHash, await sha256Hex(token)))
    .get();
  return row && row.status !== "pending" ? (row.status as Decision) : undefined;
}

/** Names of the first few chosen schools or sections, for describing a choice in an email. */
export async function sharingNames(db: Database, sharing: Sharing): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (sharing.mode === "schools" && sharing.schoolIds.length) {
    const rows = await db.select({ id: schools.id, name: schools.name }).from(schools).where(inArray(schools.id, sharing.schoolIds.slice(0, 5)));
    for (const r of rows) names.set(r.id, r.name);
  }
  if (sharing.mode === "sections" && sharing.sectionIds.length) {
    const rows = await db.select({ id: sections.id, name: sections.name }).from(sections).where(inArray(sections.id, sharing.sectionIds.slice(0, 5)));
    for (const r of rows) names.set(r.id, r.name);
  }
  return names;
}

export const tokenGone = (reason: string) =>
  reason === "unknown" ? new AppError("not_found", "This link is not valid") : new AppError("gone", "This link can no longer be used");
