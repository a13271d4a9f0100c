// The vendor's answer to a confirmed request. Approve creates the connection
// (all schools shared; launch at local midnight of the chosen date in the
// district's zone, or at once without a date, as an accepted invitation does),
// a manage token for the requester, and the email that carries it; reject
// emails the requester, with the reason if one was given. Each is one guarded
// batch: every insert runs only while the request is still pending and comes
// before the conditional update, so of two racing POSTs exactly one decides
// and only its rows and emails land. Scoped to the acting app (getRequest).
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { connections } from "../db/schema";
import { OUTBOX_COLUMNS, outboxRow } from "../email/outbox";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { dateIn, formatDate, isCalendarDate, localMidnightUtc } from "../lib/time";
import { issueToken } from "../lib/tokens";
import { launchText } from "../connections/emails";
import { changesOf, insertRowsWhere, runStatements } from "../db/guarded";
import { approvedEmail, rejectedEmail, type RequestParties } from "./emails";
import { getRequest, type RequestView } from "./queries";
import { publicApp } from "./queries";

export const REASON_MAX = 1000;
const TOKEN_COLUMNS = ["token_hash", "purpose", "invitation_id", "connection_id", "created_at", "expires_at"] as const;

export interface Decider {
  appId: string;
  userId: string | null;
}

const who = (actor: Decider) => (actor.userId ? `vendor:${actor.userId}` : "vendor:api");

async function openRequest(db: Database, actor: Decider, id: string): Promise<{ request: RequestView; parties: RequestParties; vendorId: string }> {
  const request = await getRequest(db, actor, id);
  if (request.status !== "pending") throw new AppError("conflict", `This request was already ${request.status}`);
  const app = await publicApp(db, request.appId);
  if (!app) throw new AppError("not_found", "Request not found");
  const parties = { appName: app.name, vendorName: app.vendorName, districtName: request.district.name, districtState: request.district.state };
  return { request, parties, vendorId: app.vendorId };
}

const stillPending = (id: string) => () => sql`EXISTS (SELECT 1 FROM access_requests WHERE id = ${id} AND status = 'pending')`;

async function decide(db: Database, statements: SQL[], what: string): Promise<void> {
  let results: D1Result[];
  try {
    results = await runStatements(db, statements);
  } catch (err) {
    // The unique (app, district) index on connections: an invitation was accepted a moment ago.
    if (String((err as Error)?.message ?? err).includes("UNIQUE")) throw new AppError("conflict", `${what} is already connected to this district`);
    throw err;
  }
  if (changesOf(results[results.length - 1]) !== 1) throw new AppError("conflict", "This request was already answered");
}

/** Empty means "launch at once"; otherwise a real date, not before today in the district's zone. */
export function checkLaunchDate(launchDate: string | null | undefined, timeZone: string, now: number): string | null {
  const date = (launchDate ?? "").trim();
  if (!date) return null;
  if (!isCalendarDate(date)) throw new AppError("validation_failed", "Enter the launch date as YYYY-MM-DD", { fields: { launchDate: "Enter a real date (YYYY-MM-DD)" } });
  const today = dateIn(timeZone, now);
  if (date < today) {
    const msg = `Choose ${formatDate(today)} or later: it is already ${formatDate(today)} in ${timeZone}`;
    throw new AppError("validation_failed", msg, { fields: { launchDate: msg } });
  }
  return date;
}

export interface ApproveResult {
  request: RequestView;
  connectionId: string;
  launchedNow: boolean;
  /** The raw manage token (also emailed to the requester). */
  manageToken: string;
}

export async function approveRequest(
  db: Database,
  env: Pick<Env, "EMAIL_FROM" | "APP_URL">,
  actor: Decider,
  id: string,
  input: { launchDate?: string | null },
  now: number,
): Promise<ApproveResult> {
  const { request: r, parties, vendorId } = await openRequest(db, actor, id);
  const tz = r.district.timeZone;
  const launchDate = checkLaunchDate(input.launchDate, tz, now);
  const existing = await db.select({ id: connections.id }).from(connections).where(and(eq(connections.appId, r.appId), eq(connections.districtId, r.district.id))).get();
  if (existing) throw new AppError("conflict", `${parties.appName} is already connected to ${r.district.name} (${r.district.state}); decline this request instead`, { details: { connectionId: existing.id } });

  const connectionId = newId();
  const launchAt = launchDate ? localMidnightUtc(launchDate, tz) : now;
  const launchedNow = !launchDate;
  const manage = await issueToken(db, "manage", { connectionId }, now);
  const guard = stillPending(r.id);
  const mail = outboxRow(env, {
    template: "request.approved", to: [r.requester.email], vendorId, connectionId,
    ...approvedEmail(parties, { launch: launchText(launchDate, launchDate ? launchAt : null, tz), launchedNow, url: `${env.APP_URL}/manage/${manage.token}` }),
  }, now);
  const connection = {
    id: connectionId, app_id: r.appId, vendor_id: vendorId, district_id: r.district.id, invitation_id: null, share_mode: "all",
    launch_date: launchDate, launch_at: launchAt, launched_at: launchedNow ? now : null, contact_name: r.requester.name,
    contact_email: r.requester.email, created_at: now, updated_at: now,
  };
  await decide(db, [
    insertRowsWhere(db, "connections", Object.keys(connection), [connection], guard),
    insertRowsWhere(db, "access_tokens", TOKEN_COLUMNS, [{ token_hash: manage.tokenHash, purpose: "manage", invitation_id: null, connection_id: connectionId, created_at: now, expires_at: manage.expiresAt }], guard),
    insertRowsWhere(db, "emails", OUTBOX_COLUMNS, [mail], guard),
    sql`UPDATE access_requests SET status = 'approved', connection_id = ${connectionId}, launch_date = ${launchDate}, decided_by = ${who(actor)},
        decided_at = ${now}, updated_at = ${now} WHERE id = ${r.id} AND status = 'pending'`,
  ], parties.appName);
  return { request: await getRequest(db, actor, id), connectionId, launchedNow, manageToken: manage.token };
}

export async function rejectRequest(
  db: Database,
  env: Pick<Env, "EMAIL_FROM" | "APP_URL">,
  actor: Decider,
  id: string,
  input: { reason?: string | null },
  now: number,
): Promise<RequestView> {
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > REASON_MAX) throw new AppError("validation_failed", "Keep the reason under 1,000 characters", { fields: { reason: `At most ${REASON_MAX} characters` } });
  const { request: r, parties, vendorId } = await openRequest(db, actor, id);
  const mail = outboxRow(env, { template: "request.rejected", to: [r.requester.email], vendorId, ...rejectedEmail(parties, { reason }) }, now);
  await decide(db, [
    insertRowsWhere(db, "emails", OUTBOX_COLUMNS, [mail], stillPending(r.id)),
    sql`UPDATE access_requests SET status = 'rejected', decision_reason = ${reason}, decided_by = ${who(actor)},
        decided_at = ${now}, updated_at = ${now} WHERE id = ${r.id} AND status = 'pending'`,
  ], parties.appName);
  return getRequest(db, actor, id);
}
