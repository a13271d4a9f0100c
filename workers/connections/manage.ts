// The district contact's manage link, emailed on acceptance: change what is
// shared until the launch moment. The token is not spent (it may be used many
// times); after launch, a change is refused because the date is fixed. A contact
// who lost the link asks the vendor, who sends a fresh one (the old ones are
// revoked in the same batch).
import { eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { apps, invitations, vendors } from "../db/schema";
import { OUTBOX_COLUMNS, outboxRow } from "../email/outbox";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { checkToken, issueToken } from "../lib/tokens";
import { EVENT_COLUMNS } from "./decide";
import { launchText, manageLinkAgainEmail, sharingChangedEmail, type Parties } from "./emails";
import { connectionById, getConnection, type ConnectionView } from "./queries";
import { vendorRecipients, sharingNames, tokenGone } from "./review";
import { describeSharing, districtSchools, validateSharing, type SchoolChoice, type Sharing } from "./sharing";
import { changesOf, insertRowsWhere, runStatements } from "../db/guarded";
import { launchedConflict, type VendorActor } from "./schedule";
import { countLinkPost, hitLimit } from "../accounts/rate-limit";

export interface ManageView {
  connection: ConnectionView;
  parties: Parties;
  schools: SchoolChoice[];
}

export type ManageLookup = { ok: true; view: ManageView } | { ok: false; reason: "unknown" | "expired" | "revoked" | "used" };

async function partiesOf(db: Database, c: ConnectionView): Promise<Parties> {
  const row = await db.select({ appName: apps.name, vendorName: vendors.name }).from(apps).leftJoin(vendors, eq(vendors.id, apps.vendorId)).where(eq(apps.id, c.appId)).get();
  return {
    appName: row?.appName ?? "The app", vendorName: row?.vendorName ?? "", districtName: c.district.name, districtState: c.district.state, timeZone: c.district.timeZone,
  };
}

export async function loadManage(db: Database, token: string, now: number): Promise<ManageLookup> {
  const check = await checkToken(db, token, "manage", now);
  if (!check.ok) return { ok: false, reason: check.reason };
  const connection = check.row.connectionId ? await connectionById(db, check.row.connectionId) : null;
  if (!connection) return { ok: false, reason: "unknown" };
  return { ok: true, view: { connection, parties: await partiesOf(db, connection), schools: await districtSchools(db, connection.districtId) } };
}

export async function changeSharing(
  db: Database,
  env: Pick<Env, "EMAIL_FROM" | "APP_URL">,
  input: { token: string; sharing: Sharing },
  now: number,
): Promise<ConnectionView> {
  const check = await checkToken(db, input.token, "manage", now);
  if (!check.ok) throw tokenGone(check.reason);
  const current = check.row.connectionId ? await connectionById(db, check.row.connectionId) : null;
  if (!current) throw tokenGone("unknown");
  if (current.launchedAt !== null) throw launchedConflict(current);
  const sharing = await validateSharing(db, current.districtId, input.sharing);
  // Each change emails the vendor: a link may do it LINK_POSTS_PER_HOUR times an hour.
  await countLinkPost(db, "manage", check.row.tokenHash, now);
  const id = current.id;
  const parties = await partiesOf(db, current);
  const text = describeSharing(sharing, await sharingNames(db, sharing));
  const inv = current.invitationId ? await db.select({ vendorId: invitations.vendorId, createdBy: invitations.createdBy }).from(invitations).where(eq(invitations.id, current.invitationId)).get() : undefined;
  const vendorId = (await db.select({ vendorId: apps.vendorId }).from(apps).where(eq(apps.id, current.appId)).get())?.vendorId ?? inv?.vendorId ?? "";
  const to = await vendorRecipients(db, vendorId, inv?.createdBy ?? null);
  const unlaunched = () => sql`EXISTS (SELECT 1 FROM connections WHERE id = ${id} AND launched_at IS NULL)`;
  const statements: SQL[] = [
    sql`DELETE FROM connection_schools WHERE connection_id = ${id} AND ${unlaunched()}`,
    sql`DELETE FROM connection_sections WHERE connection_id = ${id} AND ${unlaunched()}`,
    insertRowsWhere(db, "connection_schools", ["connection_id", "school_id"], sharing.schoolIds.map((s) => ({ connection_id: id, school_id: s })), unlaunched),
    insertRowsWhere(db, "connection_sections", ["connection_id", "section_id"], sharing.sectionIds.map((s) => ({ connection_id: id, section_id: s })), unlaunched),
  ];
  if (current.invitationId) {
    statements.push(insertRowsWhere(db, "invitation_events", EVENT_COLUMNS, [{ id: newId(), invitation_id: current.invitationId, at: now, type: "sharing_changed", actor: "district", detail: `Sharing changed: ${text}` }], unlaunched));
  }
  if (to.length) {
    const mail = outboxRow(env, { template: "connection.sharing_changed", to, vendorId, invitationId: current.invitationId, connectionId: id, ...sharingChangedEmail(parties, { sharing: text, url: `${env.APP_URL}/connections/${id}` }) }, now);
    statements.push(insertRowsWhere(db, "emails", OUTBOX_COLUMNS, [mail], unlaunched));
  }
  statements.push(sql`UPDATE connections SET share_mode = ${sharing.mode}, updated_at = ${now} WHERE id = ${id} AND launched_at IS NULL`);
  const results = await runStatements(db, statements);
  if (changesOf(results[results.length - 1]) !== 1) {
    const after = await connectionById(db, id);
    throw after ? launchedConflict(after) : new AppError("not_found", "Connection not found");
  }
  const after = await connectionById(db, id);
  if (!after) throw new AppError("not_found", "Connection not found");
  return after;
}

/** Fresh manage links a vendor may send per connection per hour. */
export const MANAGE_LINK_LIMIT = 3;

/**
 * The vendor sends the district contact a new manage link: every earlier
 * manage token of the connection is revoked, the new one inserted, the email
 * queued and the timeline told, all in one batch guarded by "not launched yet".
 */
export async function resendManageLink(
  db: Database,
  env: Pick<Env, "EMAIL_FROM" | "APP_URL">,
  actor: VendorActor,
  id: string,
  now: number,
): Promise<{ connection: ConnectionView; sentTo: string }> {
  const current = await getConnection(db, actor, id);
  if (current.launchedAt !== null) {
    throw new AppError("conflict", "This connection has launched, so what is shared is fixed and there is no manage link to send");
  }
  if (!current.contact.email) throw new AppError("conflict", "This connection has no district contact to send a link to");
  const limit = await hitLimit(db, `manage-link:${id}`, MANAGE_LINK_LIMIT, 3_600_000, now);
  if (!limit.allowed) throw new AppError("rate_limited", `A new link was already sent ${MANAGE_LINK_LIMIT} times in the last hour; please try later`);
  const parties = await partiesOf(db, current);
  const fresh = await issueToken(db, "manage", { connectionId: id, invitationId: current.invitationId }, now);
  const sharing = describeSharing(current.sharing, await sharingNames(db, current.sharing));
  const vendorId = (await db.select({ vendorId: apps.vendorId }).from(apps).where(eq(apps.id, current.appId)).get())?.vendorId ?? null;
  const mail = outboxRow(env, {
    template: "connection.manage_link", to: [current.contact.email], vendorId, invitationId: current.invitationId, connectionId: id,
    ...manageLinkAgainEmail(parties, { sharing, launch: launchText(current.launchDate, current.launchAt, parties.timeZone), url: `${env.APP_URL}/manage/${fresh.token}` }),
  }, now);
  const unlaunched = () => sql`EXISTS (SELECT 1 FROM connections WHERE id = ${id} AND launched_at IS NULL)`;
  const statements: SQL[] = [
    sql`UPDATE access_tokens SET revoked_at = ${now} WHERE connection_id = ${id} AND purpose = 'manage' AND revoked_at IS NULL AND ${unlaunched()}`,
    insertRowsWhere(db, "access_tokens", ["token_hash", "purpose", "invitation_id", "connection_id", "created_at", "expires_at"], [{
      token_hash: fresh.tokenHash, purpose: "manage", invitation_id: current.invitationId, connection_id: id, created_at: now, expires_at: fresh.expiresAt,
    }], unlaunched),
    insertRowsWhere(db, "emails", OUTBOX_COLUMNS, [mail], unlaunched),
  ];
  if (current.invitationId) {
    statements.push(insertRowsWhere(db, "invitation_events", EVENT_COLUMNS, [{
      id: newId(), invitation_id: current.invitationId, at: now, type: "manage_link_sent", actor: actor.userId ? `vendor:${actor.userId}` : "vendor:api",
      detail: `A new manage link was emailed to ${current.contact.email}; earlier links no longer work`,
    }], unlaunched));
  }
  statements.push(sql`UPDATE connections SET updated_at = ${now} WHERE id = ${id} AND launched_at IS NULL`);
  const results = await runStatements(db, statements);
  if (changesOf(results[results.length - 1]) !== 1) throw launchedConflict(await getConnection(db, actor, id));
  return { connection: await getConnection(db, actor, id), sentTo: current.contact.email };
}
