// What a vendor can still do to a pending invitation: send it again (a fresh
// link in a fresh email, the old link stops working; rate-limited) or revoke it
// (its links stop working at once). Each is one batch with its timeline event.
import { and, count, eq } from "drizzle-orm";
import { hitLimit } from "../accounts/rate-limit";
import type { Actor } from "../accounts/actor";
import type { BatchItem, Database } from "../db/client";
import { districts, invitations, invitationSchools, invitationSections } from "../db/schema";
import { queueEmail } from "../email/outbox";
import { AppError } from "../lib/errors";
import { issueToken, revokeInvitationTokens } from "../lib/tokens";
import { CONNECT_TTL_MS, eventStatement, type CreateEnv } from "./create";
import { connectEmail, onboardingContactEmail } from "./emails";
import { senderForActor } from "./sender";
import { invitationRow } from "./summary";
import { describeSharing } from "./validate";

export const RESEND_LIMIT = 3;
export const RESEND_WINDOW_MS = 3_600_000;

function assertPending(status: string, verb: string) {
  if (status !== "pending") throw new AppError("conflict", `Only a pending invitation can be ${verb}; this one is ${status}`);
}

export async function resendInvitation(db: Database, env: CreateEnv, actor: Actor, id: string, now: number): Promise<{ emailId: string }> {
  const row = await invitationRow(db, actor.appId, id);
  assertPending(row.status, "resent");
  const limit = await hitLimit(db, `invitation-resend:${id}`, RESEND_LIMIT, RESEND_WINDOW_MS, now);
  if (!limit.allowed) {
    throw new AppError("rate_limited", `This invitation was already sent again ${RESEND_LIMIT} times in the last hour; please try later`);
  }
  const ctx = await senderForActor(db, actor);
  const district = await db.select().from(districts).where(eq(districts.id, row.districtId)).get();
  const districtName = district?.name ?? "your district";
  const statements: BatchItem[] = [revokeInvitationTokens(db, id, now)];
  let emailId: string;
  let recipients: string[];
  if (row.kind === "connect") {
    const token = await issueToken(db, "review", { invitationId: id }, now);
    const [schoolsN, sectionsN] = await Promise.all([
      db.select({ n: count() }).from(invitationSchools).where(eq(invitationSchools.invitationId, id)).get(),
      db.select({ n: count() }).from(invitationSections).where(eq(invitationSections.invitationId, id)).get(),
    ]);
    const sharing = describeSharing(row.shareMode, schoolsN?.n ?? 0, sectionsN?.n ?? 0, district?.schoolCount || schoolsN?.n || 0);
    recipients = [row.contactEmail, ...(JSON.parse(row.additionalEmails) as string[])];
    const mail = queueEmail(db, env, {
      template: "invitation.connect", to: recipients, cc: [...ctx.cc, env.HOMEROOM_TEAM_EMAIL], replyTo: ctx.replyTo,
      ...connectEmail(ctx.sender, { districtName, message: row.message, launchDate: row.launchDate, sharing, url: `${env.APP_URL}/connect/${token.token}`, resent: true }),
      vendorId: row.vendorId, invitationId: id,
    }, now);
    emailId = mail.id;
    // A fresh link gets the full review window again.
    statements.push(token.statement, mail.statement, db.update(invitations).set({ expiresAt: now + CONNECT_TTL_MS, updatedAt: now }).where(eq(invitations.id, id)));
  } else {
    const token = await issueToken(db, "join", { invitationId: id }, now);
    recipients = [row.contactEmail];
    const mail = queueEmail(db, env, {
      template: "invitation.onboarding", to: recipients, cc: ctx.cc, replyTo: ctx.replyTo,
      ...onboardingContactEmail(ctx.sender, { districtName, contactName: row.contactName, message: row.message, url: `${env.APP_URL}/join/${token.token}`, resent: true }),
      vendorId: row.vendorId, invitationId: id,
    }, now);
    emailId = mail.id;
    statements.push(token.statement, mail.statement, db.update(invitations).set({ updatedAt: now }).where(eq(invitations.id, id)));
  }
  statements.push(eventStatement(db, id, "resent", ctx.actorLabel, `Sent again to ${recipients.join(", ")}; the earlier link no longer works`, now));
  await db.batch(statements as [BatchItem, ...BatchItem[]]);
  return { emailId };
}

export async function revokeInvitation(db: Database, actor: Actor, id: string, now: number, reason = ""): Promise<void> {
  const row = await invitationRow(db, actor.appId, id);
  assertPending(row.status, "revoked");
  const label = actor.via === "session" && actor.userId ? `vendor:${actor.userId}` : "api";
  const detail = reason.trim().slice(0, 500);
  await db.batch([
    db.update(invitations)
      .set({ status: "revoked", decidedAt: now, updatedAt: now, decisionReason: detail || null })
      .where(and(eq(invitations.id, id), eq(invitations.status, "pending"))),
    revokeInvitationTokens(db, id, now),
    eventStatement(db, id, "revoked", label, detail || "Revoked by the vendor; its links no longer work", now),
  ]);
}
