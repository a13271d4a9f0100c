// Off-Homeroom districts: the curriculum contact confirms details at
// /join/:token, and Homeroom staff track each onboarding at /ops/onboarding.
// Marking one onboarded puts the district on Homeroom and turns the vendor's
// invitation into a pending connect invitation whose review link is emailed,
// all in one batch.
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { BatchItem, Database } from "../db/client";
import { apps, districts, districtSync, invitations, ONBOARDING_STATUSES, onboardings, vendors, type OnboardingStatus } from "../db/schema";
import { countLinkPost } from "../accounts/rate-limit";
import { queueEmail } from "../email/outbox";
import { sha256Hex } from "../lib/crypto";
import { AppError, notFound } from "../lib/errors";
import { checkToken, issueToken, revokeInvitationTokens, type TokenCheck } from "../lib/tokens";
import { CONNECT_TTL_MS, eventStatement, type CreateEnv } from "./create";
import { onboardedReviewEmail, onboardingConfirmedEmail } from "./emails";
import { issuesToFields, LIMITS } from "./schemas";
import { senderOfInvitation } from "./sender";
import { invalid } from "./validate";

type OnboardingRow = typeof onboardings.$inferSelect;

export interface JoinView {
  onboarding: OnboardingRow;
  vendorName: string;
  appName: string;
  message: string;
}

/** Looks the link up; changes nothing. Any failure reads the same to the visitor. */
export async function joinView(db: Database, token: string, now: number): Promise<JoinView | null> {
  const check: TokenCheck = await checkToken(db, token, "join", now);
  if (!check.ok || !check.row.invitationId) return null;
  const row = await db
    .select({ onboarding: onboardings, vendorName: vendors.name, appName: apps.name, message: invitations.message, status: invitations.status })
    .from(onboardings)
    .innerJoin(invitations, eq(invitations.id, onboardings.invitationId))
    .innerJoin(apps, eq(apps.id, invitations.appId))
    .innerJoin(vendors, eq(vendors.id, invitations.vendorId))
    .where(eq(onboardings.invitationId, check.row.invitationId))
    .get();
  if (!row || row.status !== "pending") return null;
  return { onboarding: row.onboarding, vendorName: row.vendorName, appName: row.appName, message: row.message };
}

export const JoinSchema = z.object({
  districtName: z.string().trim().min(1, "District name is required").max(LIMITS.districtName, "District name is too long"),
  districtState: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "State is a two-letter code"),
  districtWebsite: z.string().trim().max(LIMITS.website, "Website is too long"),
  districtPhone: z.string().trim().max(LIMITS.phone, "Phone is too long"),
  contactName: z.string().trim().min(1, "Your name is required").max(LIMITS.name, "Your name is too long"),
  contactRole: z.string().trim().min(1, "Your role is required").max(LIMITS.role, "Your role is too long"),
});
export type JoinInput = z.input<typeof JoinSchema>;

/** Records the contact's details and tells the onboarding team, in one batch (the caller delivers). */
export async function confirmJoin(db: Database, env: CreateEnv, token: string, raw: JoinInput, now: number): Promise<JoinView> {
  const view = await joinView(db, token, now);
  if (!view) throw new AppError("gone", "This link no longer works");
  const parsed = JoinSchema.safeParse(raw);
  if (!parsed.success) throw invalid(issuesToFields(parsed.error.issues));
  // Each confirmation emails the onboarding team: a link may do it LINK_POSTS_PER_HOUR times an hour.
  await countLinkPost(db, "join", await sha256Hex(token), now);
  const o = view.onboarding;
  const d = parsed.data;
  const again = o.contactConfirmedAt !== null;
  const team = queueEmail(db, env, {
    template: "onboarding.confirmed",
    to: [env.ONBOARDING_TEAM_EMAIL],
    replyTo: o.contactEmail,
    ...onboardingConfirmedEmail({
      again, vendorName: view.vendorName, appName: view.appName,
      district: { id: o.districtId, name: d.districtName, state: d.districtState, website: d.districtWebsite, phone: d.districtPhone },
      contact: { name: d.contactName, email: o.contactEmail, role: d.contactRole },
      opsUrl: `${env.APP_URL}/ops/onboarding`,
    }),
    invitationId: o.invitationId,
  }, now);
  await db.batch([
    db.update(onboardings).set({ ...d, contactConfirmedAt: now, updatedAt: now }).where(eq(onboardings.id, o.id)),
    eventStatement(db, o.invitationId, "onboarding_confirmed", "district", `${d.contactName} (${d.contactRole}) ${again ? "updated" : "confirmed"} the district's details; the onboarding team was told`, now),
    team.statement,
  ]);
  return { ...view, onboarding: { ...o, ...d, contactConfirmedAt: now, updatedAt: now } };
}

export interface OpsRow extends OnboardingRow {
  vendorName: string;
  appName: string;
  invitationStatus: string;
}

export async function listOnboardings(db: Database, status?: OnboardingStatus | "all"): Promise<OpsRow[]> {
  const rows = await db
    .select({ o: onboardings, vendorName: vendors.name, appName: apps.name, invitationStatus: invitations.status })
    .from(onboardings)
    .innerJoin(invitations, eq(invitations.id, onboardings.invitationId))
    .innerJoin(apps, eq(apps.id, invitations.appId))
    .innerJoin(vendors, eq(vendors.id, invitations.vendorId))
    .where(status && status !== "all" ? eq(onboardings.status, status) : undefined)
    .orderBy(desc(onboardings.createdAt))
    .limit(500)
    .all();
  return rows.map((r) => ({ ...r.o, vendorName: r.vendorName, appName: r.appName, invitationStatus: r.invitationStatus }));
}

export const OpsUpdateSchema = z.object({
  id: z.string().min(1).max(80),
  status: z.enum(ONBOARDING_STATUSES, { error: "Choose a status" }),
  notes: z.string().max(LIMITS.notes, `Notes must be at most ${LIMITS.notes} characters`).default(""),
});

/** Staff update an onboarding: status and notes. Returns what happened, for the page's notice. */
export async function updateOnboarding(
  db: Database, env: CreateEnv, staffUserId: string, raw: z.input<typeof OpsUpdateSchema>, now: number,
): Promise<{ outcome: "saved" | "onboarded" | "declined"; converted: boolean }> {
  const parsed = OpsUpdateSchema.safeParse(raw);
  if (!parsed.success) throw invalid(issuesToFields(parsed.error.issues));
  const { id, status, notes } = parsed.data;
  const o = await db.select().from(onboardings).where(eq(onboardings.id, id)).get();
  if (!o) throw notFound("Onboarding");
  if (o.status === "onboarded" && status !== "onboarded") {
    throw invalid({ status: "This district is already on Homeroom; its onboarding cannot be reopened" });
  }
  const inv = await db.select().from(invitations).where(eq(invitations.id, o.invitationId)).get();
  if (!inv) throw notFound("Invitation");
  const actor = `staff:${staffUserId}`;
  const statements: BatchItem[] = [db.update(onboardings).set({ status, notes, updatedAt: now }).where(eq(onboardings.id, id))];
  const changed = status !== o.status;
  let converted = false;

  if (changed && status === "onboarded") {
    statements.push(
      db.update(districts).set({ onHomeroom: true, updatedAt: now }).where(eq(districts.id, o.districtId)),
      db.insert(districtSync).values({ districtId: o.districtId, status: "setting_up", owner: "homeroom", detail: "Onboarded by Homeroom staff" }).onConflictDoNothing(),
      eventStatement(db, inv.id, "onboarding_onboarded", actor, `${o.districtName} is now on Homeroom`, now),
    );
    if (inv.status === "pending" && inv.kind === "onboarding") {
      converted = true;
      const ctx = await senderOfInvitation(db, inv);
      const token = await issueToken(db, "review", { invitationId: inv.id }, now);
      const mail = queueEmail(db, env, {
        template: "invitation.connect", to: [inv.contactEmail], cc: [...ctx.cc, env.HOMEROOM_TEAM_EMAIL], replyTo: ctx.replyTo,
        ...onboardedReviewEmail(ctx.sender, { districtName: o.districtName, contactName: o.contactName, message: inv.message, url: `${env.APP_URL}/connect/${token.token}` }),
        vendorId: inv.vendorId, invitationId: inv.id,
      }, now);
      statements.push(
        db.update(invitations)
          .set({ kind: "connect", shareMode: "all", expiresAt: now + CONNECT_TTL_MS, updatedAt: now })
          .where(and(eq(invitations.id, inv.id), eq(invitations.status, "pending"))),
        revokeInvitationTokens(db, inv.id, now),
        token.statement,
        mail.statement,
        eventStatement(db, inv.id, "emailed", "system", `Review link emailed to ${inv.contactEmail}`, now),
      );
    }
  } else if (changed && status === "declined") {
    statements.push(eventStatement(db, inv.id, "onboarding_declined", actor, "The district decided not to join Homeroom for now", now));
    if (inv.status === "pending") {
      statements.push(
        db.update(invitations)
          .set({ status: "rejected", decidedAt: now, updatedAt: now, decisionReason: "The district decided not to join Homeroom for now" })
          .where(and(eq(invitations.id, inv.id), eq(invitations.status, "pending"))),
        revokeInvitationTokens(db, inv.id, now),
      );
    }
  } else if (changed) {
    statements.push(eventStatement(db, inv.id, `onboarding_${status}`, actor, `Onboarding marked ${status}`, now));
  }
  await db.batch(statements as [BatchItem, ...BatchItem[]]);
  return { outcome: changed && status === "onboarded" ? "onboarded" : changed && status === "declined" ? "declined" : "saved", converted };
}
