// The district contact's decision on an invitation: accept (as proposed, or
// with changed sharing) or reject. Everything a decision writes (connection,
// sharing, manage token, timeline, emails, the invitation's new status, the
// spent review token) goes in one D1 batch. Every insert is guarded by "the
// invitation is still pending and the token unspent" and runs before the
// conditional update, so of two racing POSTs exactly one decides and only its
// rows and emails are written.
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { connections } from "../db/schema";
import { OUTBOX_COLUMNS, outboxRow } from "../email/outbox";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { localMidnightUtc } from "../lib/time";
import { checkToken, issueToken } from "../lib/tokens";
import { acceptedEmail, launchText, manageLinkEmail, rejectedEmail } from "./emails";
import { invitationContext, proposedSharing, sharingNames, tokenGone, type InvitationContext } from "./review";
import { describeSharing, validateSharing, type Sharing } from "./sharing";
import { changesOf, insertRowsWhere, runStatements } from "../db/guarded";

export const REASON_MAX = 1000;

const EVENT_COLUMNS = ["id", "invitation_id", "at", "type", "actor", "detail"] as const;
const TOKEN_COLUMNS = ["token_hash", "purpose", "invitation_id", "connection_id", "created_at", "expires_at"] as const;

/** Loads what a POST needs, refusing unusable tokens and decided invitations. */
async function openDecision(db: Database, token: string, now: number): Promise<{ ctx: InvitationContext; tokenHash: string }> {
  const check = await checkToken(db, token, "review", now);
  if (!check.ok) {
    if (check.reason === "used") throw new AppError("conflict", "This invitation has already been answered");
    throw tokenGone(check.reason);
  }
  const ctx = check.row.invitationId ? await invitationContext(db, check.row.invitationId) : null;
  if (!ctx || ctx.invitation.kind !== "connect") throw tokenGone("unknown");
  if (ctx.invitation.status !== "pending") throw new AppError("conflict", "This invitation has already been answered");
  if (ctx.invitation.expiresAt <= now) throw tokenGone("expired");
  return { ctx, tokenHash: check.row.tokenHash };
}

function stillOpen(invitationId: string, tokenHash: string): SQL {
  return sql`EXISTS (SELECT 1 FROM invitations WHERE id = ${invitationId} AND status = 'pending')
    AND EXISTS (SELECT 1 FROM access_tokens WHERE token_hash = ${tokenHash} AND used_at IS NULL AND revoked_at IS NULL)`;
}

function closeStatements(_db: Database, invitationId: string, tokenHash: string, now: number, set: SQL): SQL[] {
  return [
    sql`UPDATE invitations SET ${set}, decided_at = ${now}, updated_at = ${now} WHERE id = ${invitationId} AND ${stillOpen(invitationId, tokenHash)}`,
    sql`UPDATE access_tokens SET used_at = ${now} WHERE token_hash = ${tokenHash} AND used_at IS NULL`,
  ];
}

export interface AcceptResult {
  connectionId: string;
  launchedNow: boolean;
  /** The raw manage token (also emailed to the contact). */
  manageToken: string;
}

export async function acceptInvitation(
  db: Database,
  env: Pick<Env, "EMAIL_FROM" | "APP_URL">,
  input: { token: string; sharing?: Sharing | null },
  now: number,
): Promise<AcceptResult> {
  const { ctx, tokenHash } = await openDecision(db, input.token, now);
  const inv = ctx.invitation;
  if (!input.sharing && inv.shareMode === "none") {
    // Nothing was proposed, so "as proposed" would share nothing: the contact chooses.
    throw new AppError("validation_failed", "No schools were suggested: choose what to share, then accept", { fields: { schoolIds: "Choose the schools (or sections) to share" } });
  }
  const sharing = input.sharing ? await validateSharing(db, ctx.districtId, input.sharing) : await proposedSharing(db, inv);
  const existing = await db.select({ id: connections.id }).from(connections).where(and(eq(connections.appId, inv.appId), eq(connections.districtId, ctx.districtId))).get();
  if (existing) throw new AppError("conflict", `${ctx.parties.appName} is already connected to this district`);

  const connectionId = newId();
  const launchAt = inv.launchDate ? localMidnightUtc(inv.launchDate, ctx.parties.timeZone) : now;
  const launchedNow = !inv.launchDate;
  const manage = await issueToken(db, "manage", { connectionId, invitationId: inv.id }, now);
  const sharingText = describeSharing(sharing, await sharingNames(db, sharing));
  const launch = launchText(inv.launchDate, inv.launchDate ? launchAt : null, ctx.parties.timeZone);
  const guard = () => stillOpen(inv.id, tokenHash);
  const mail = [
    outboxRow(env, {
      template: "connection.accepted", to: ctx.vendorRecipients, vendorId: inv.vendorId, invitationId: inv.id, connectionId,
      ...acceptedEmail(ctx.parties, { sharing: sharingText, launch, launchedNow, url: `${env.APP_URL}/connections/${connectionId}` }),
    }, now),
    outboxRow(env, {
      template: "connection.manage_link", to: [inv.contactEmail], vendorId: inv.vendorId, invitationId: inv.id, connectionId,
      ...manageLinkEmail(ctx.parties, { sharing: sharingText, launch, launchedNow, url: `${env.APP_URL}/manage/${manage.token}` }),
    }, now),
  ];
  const events = [
    { id: newId(), invitation_id: inv.id, at: now, type: "approved", actor: "district", detail: `Accepted${input.sharing ? " with changed sharing" : " as proposed"}: ${sharingText}` },
    ...(launchedNow ? [{ id: newId(), invitation_id: inv.id, at: now, type: "launched", actor: "system", detail: "Launched on acceptance (no launch date)" }] : []),
  ];
  const connection = {
    id: connectionId, app_id: inv.appId, vendor_id: inv.vendorId, district_id: ctx.districtId, invitation_id: inv.id, share_mode: sharing.mode,
    launch_date: inv.launchDate, launch_at: launchAt, launched_at: launchedNow ? now : null, contact_name: inv.contactName,
    contact_email: inv.contactEmail, created_at: now, updated_at: now,
  };
  const statements: SQL[] = [
    insertRowsWhere(db, "connections", Object.keys(connection), [connection], guard),
    insertRowsWhere(db, "access_tokens", TOKEN_COLUMNS, [{ token_hash: manage.tokenHash, purpose: "manage", invitation_id: inv.id, connection_id: connectionId, created_at: now, expires_at: manage.expiresAt }], guard),
    insertRowsWhere(db, "invitation_events", EVENT_COLUMNS, events, guard),
    insertRowsWhere(db, "emails", OUTBOX_COLUMNS, mail, guard),
  ];
  if (sharing.schoolIds.length) {
    statements.push(insertRowsWhere(db, "connection_schools", ["connection_id", "school_id"], sharing.schoolIds.map((id) => ({ connection_id: connectionId, school_id: id })), guard));
  }
  if (sharing.sectionIds.length) {
    statements.push(insertRowsWhere(db, "connection_sections", ["connection_id", "section_id"], sharing.sectionIds.map((id) => ({ connection_id: connectionId, section_id: id })), guard));
  }
  const closeAt = statements.length;
  statements.push(...closeStatements(db, inv.id, tokenHash, now, sql`status = 'approved', connection_id = ${connectionId}`));
  const results = await runBatch(db, statements, ctx.parties.appName);
  if (changesOf(results[closeAt]) !== 1) throw new AppError("conflict", "This invitation has already been answered");
  return { connectionId, launchedNow, manageToken: manage.token };
}

export async function rejectInvitation(
  db: Database,
  env: Pick<Env, "EMAIL_FROM" | "APP_URL">,
  input: { token: string; reason?: string | null },
  now: number,
): Promise<{ invitationId: string }> {
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > REASON_MAX) throw new AppError("validation_failed", "Keep the reason under 1,000 characters", { fields: { reason: `At most ${REASON_MAX} characters` } });
  const { ctx, tokenHash } = await openDecision(db, input.token, now);
  const inv = ctx.invitation;
  const guard = () => stillOpen(inv.id, tokenHash);
  const mail = outboxRow(env, {
    template: "invitation.rejected", to: ctx.vendorRecipients, vendorId: inv.vendorId, invitationId: inv.id,
    ...rejectedEmail(ctx.parties, { reason, url: `${env.APP_URL}/invitations/${inv.id}` }),
  }, now);
  const event = { id: newId(), invitation_id: inv.id, at: now, type: "rejected", actor: "district", detail: reason ? `Declined: ${reason}` : "Declined" };
  const statements: SQL[] = [
    insertRowsWhere(db, "invitation_events", EVENT_COLUMNS, [event], guard),
    insertRowsWhere(db, "emails", OUTBOX_COLUMNS, [mail], guard),
    ...closeStatements(db, inv.id, tokenHash, now, sql`status = 'rejected', decision_reason = ${reason}`),
  ];
  const results = await runBatch(db, statements, ctx.parties.appName);
  if (changesOf(results[2]) !== 1) throw new AppError("conflict", "This invitation has already been answered");
  return { invitationId: inv.id };
}

async function runBatch(db: Database, statements: SQL[], appName: string): Promise<D1Result[]> {
  try {
    return await runStatements(db, statements);
  } catch (err) {
    // The unique (app, district) index: another path connected them a moment ago.
    if (String((err as Error)?.message ?? err).includes("UNIQUE")) throw new AppError("conflict", `${appName} is already connected to this district`);
    throw err;
  }
}

export { EVENT_COLUMNS };
