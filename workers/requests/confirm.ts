// The requester confirms their address from the emailed link
// (/request/confirm/:token). Opening the link only reads (mail scanners open
// links); the POST behind "Confirm request" marks the request pending, spends
// the token and emails the vendor's team, in one batch whose inserts are
// guarded by "still unconfirmed and the token unspent", so a double press
// confirms once and emails once. The token row's request_id names the request.
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { accessRequests, apps, districts, vendors } from "../db/schema";
import { OUTBOX_COLUMNS, outboxRow } from "../email/outbox";
import type { Env } from "../env";
import { changesOf, insertRowsWhere, runStatements } from "../db/guarded";
import { AppError } from "../lib/errors";
import { checkToken } from "../lib/tokens";
import { vendorRecipients } from "../connections/review";
import { receivedEmail, type RequestParties } from "./emails";

export type Request = typeof accessRequests.$inferSelect;

export interface ConfirmView {
  request: Request;
  parties: RequestParties;
  tokenHash: string;
}

export type ConfirmLookup =
  | { ok: true; view: ConfirmView }
  | { ok: false; reason: "unknown" | "expired" | "revoked" | "used" };

async function requestWithParties(db: Database, id: string): Promise<{ request: Request; parties: RequestParties } | null> {
  const row = await db
    .select({ request: accessRequests, appName: apps.name, vendorName: vendors.name, districtName: districts.name, districtState: districts.state })
    .from(accessRequests)
    .innerJoin(apps, eq(apps.id, accessRequests.appId))
    .innerJoin(vendors, eq(vendors.id, accessRequests.vendorId))
    .innerJoin(districts, eq(districts.id, accessRequests.districtId))
    .where(eq(accessRequests.id, id))
    .get();
  if (!row) return null;
  return { request: row.request, parties: { appName: row.appName, vendorName: row.vendorName, districtName: row.districtName, districtState: row.districtState } };
}

/** What the link shows; never changes anything. */
export async function loadConfirm(db: Database, token: string, now: number): Promise<ConfirmLookup> {
  const check = await checkToken(db, token, "request", now);
  if (!check.ok) return { ok: false, reason: check.reason };
  const found = check.row.requestId ? await requestWithParties(db, check.row.requestId) : null;
  if (!found) return { ok: false, reason: "unknown" };
  if (found.request.status === "withdrawn") return { ok: false, reason: "revoked" };
  if (found.request.status !== "unconfirmed") return { ok: false, reason: "used" };
  return { ok: true, view: { ...found, tokenHash: check.row.tokenHash } };
}

export async function confirmRequest(db: Database, env: Pick<Env, "EMAIL_FROM" | "APP_URL">, token: string, now: number): Promise<{ requestId: string; parties: RequestParties }> {
  const lookup = await loadConfirm(db, token, now);
  if (!lookup.ok) {
    if (lookup.reason === "used") throw new AppError("conflict", "This request has already been confirmed");
    if (lookup.reason === "unknown") throw new AppError("not_found", "This link is not valid");
    throw new AppError("gone", "This link can no longer be used");
  }
  const { request: r, parties, tokenHash } = lookup.view;
  const open = () => sql`EXISTS (SELECT 1 FROM access_requests WHERE id = ${r.id} AND status = 'unconfirmed')
    AND EXISTS (SELECT 1 FROM access_tokens WHERE token_hash = ${tokenHash} AND used_at IS NULL AND revoked_at IS NULL)`;
  const to = await vendorRecipients(db, r.vendorId, null);
  const mail = to.length
    ? [outboxRow(env, {
      template: "request.received", to, vendorId: r.vendorId,
      ...receivedEmail(parties, { requester: r.requesterName, email: r.requesterEmail, role: r.requesterRole, message: r.message, url: `${env.APP_URL}/requests/${r.id}` }),
    }, now)]
    : [];
  const results = await runStatements(db, [
    insertRowsWhere(db, "emails", OUTBOX_COLUMNS, mail, open),
    sql`UPDATE access_requests SET status = 'pending', confirmed_at = ${now}, updated_at = ${now} WHERE id = ${r.id} AND ${open()}`,
    sql`UPDATE access_tokens SET used_at = ${now} WHERE token_hash = ${tokenHash} AND used_at IS NULL`,
  ]);
  if (changesOf(results[1]) !== 1) throw new AppError("conflict", "This request has already been confirmed");
  return { requestId: r.id, parties };
}
