// The cron jobs of the district side. Each takes everything that is due (so a
// missed run is simply caught up by the next one), works in chunks (so 10,000
// due rows fit one invocation under D1's 1,000 queries: one select plus one
// batch of a few statements per chunk), and writes its emails and timeline
// events in the same batch as a conditional update, guarded by the state that
// update changes, so overlapping runs never do anything twice.
import { sql } from "drizzle-orm";
import { EVENT_COLUMNS } from "../connections/decide";
import { launchText, reminderEmail } from "../connections/emails";
import { launchStatements, runLaunch, selectDue } from "../connections/launch";
import { changesOf, insertRowsWhere, runStatements, type Row } from "../db/guarded";
import type { Database } from "../db/client";
import { OUTBOX_COLUMNS, outboxRow } from "../email/outbox";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { districtTimeZone, localMidnightUtc } from "../lib/time";
import { issueToken, TOKEN_TTL_MS } from "../lib/tokens";

/**
 * Connections per chunk. A chunk costs one select and one batch of about four
 * statements (events, emails in two size-capped inserts, the update), so
 * 10,000 launches take about 250 of the invocation's 1,000 queries.
 */
export const LAUNCH_CHUNK = 200;
/** 12,000 launches per run at most, leaving room for the other jobs; the next run takes the rest. */
const MAX_CHUNKS = 60;
const DAY = 86_400_000;
export const REMINDER_AFTER_MS = 7 * DAY;

export async function launchDue(db: Database, env: Env, now: number) {
  let launched = 0;
  let chunks = 0;
  while (chunks < MAX_CHUNKS) {
    const rows = await selectDue(db, now, LAUNCH_CHUNK);
    if (rows.length === 0) break;
    chunks++;
    launched += await runLaunch(db, launchStatements(db, env, rows, now));
    if (rows.length < LAUNCH_CHUNK) break;
  }
  return { launched, chunks };
}

export async function expireInvitations(db: Database, _env: Env, now: number) {
  let expired = 0;
  for (let i = 0; i < 50; i++) {
    const rows = await db.all<{ id: string }>(sql`SELECT id FROM invitations WHERE status = 'pending' AND expires_at <= ${now} LIMIT 500`);
    if (rows.length === 0) break;
    const ids = JSON.stringify(rows.map((r) => r.id));
    const events: Row[] = rows.map((r) => ({ id: newId(), invitation_id: r.id, at: now, type: "expired", actor: "system", detail: "Expired without an answer" }));
    const stillPending = (col: (n: string) => ReturnType<typeof sql>) =>
      sql`EXISTS (SELECT 1 FROM invitations WHERE id = ${col("invitation_id")} AND status = 'pending')`;
    const results = await runStatements(db, [
      insertRowsWhere(db, "invitation_events", EVENT_COLUMNS, events, stillPending),
      sql`UPDATE access_tokens SET revoked_at = ${now} WHERE invitation_id IN (SELECT value FROM json_each(${ids})) AND revoked_at IS NULL AND used_at IS NULL`,
      sql`UPDATE invitations SET status = 'expired', updated_at = ${now} WHERE id IN (SELECT value FROM json_each(${ids})) AND status = 'pending' AND expires_at <= ${now}`,
    ]);
    expired += changesOf(results[2]);
    if (rows.length < 500) break;
  }
  return { expired };
}

interface ReminderRow {
  id: string;
  kind: "connect" | "onboarding";
  vendor_id: string;
  message: string;
  contact_email: string;
  additional_emails: string;
  launch_date: string | null;
  expires_at: number;
  app_name: string;
  vendor_name: string;
  district_name: string;
  district_state: string;
  tz: string | null;
}

export async function sendReminders(db: Database, env: Env, now: number) {
  let reminded = 0;
  for (let i = 0; i < 20; i++) {
    const rows = await db.all<ReminderRow>(sql`SELECT i.id, i.kind, i.vendor_id, i.message, i.contact_email, i.additional_emails, i.launch_date, i.expires_at,
        COALESCE(a.name, 'an app') AS app_name, COALESCE(v.name, 'A vendor') AS vendor_name, COALESCE(d.name, i.district_id) AS district_name,
        COALESCE(d.state, '') AS district_state, d.time_zone_override AS tz
      FROM invitations i LEFT JOIN apps a ON a.id = i.app_id LEFT JOIN vendors v ON v.id = i.vendor_id LEFT JOIN districts d ON d.id = i.district_id
      WHERE i.status = 'pending' AND i.reminder_sent_at IS NULL AND i.created_at <= ${now - REMINDER_AFTER_MS} AND i.expires_at > ${now}
      LIMIT 100`);
    if (rows.length === 0) break;
    const tokens: Row[] = [];
    const mail: Row[] = [];
    const events: Row[] = [];
    for (const r of rows) {
      const purpose = r.kind === "connect" ? "review" : "join";
      // Only token hashes are stored, so the reminder carries a fresh link of its own.
      const t = await issueToken(db, purpose, { invitationId: r.id }, now, Math.min(TOKEN_TTL_MS[purpose], r.expires_at - now));
      tokens.push({ token_hash: t.tokenHash, purpose, invitation_id: r.id, connection_id: null, created_at: now, expires_at: t.expiresAt });
      const timeZone = districtTimeZone({ state: r.district_state, timeZoneOverride: r.tz });
      const parties = { appName: r.app_name, vendorName: r.vendor_name, districtName: r.district_name, districtState: r.district_state, timeZone };
      const url = `${env.APP_URL}/${r.kind === "connect" ? "connect" : "join"}/${t.token}`;
      const launch = launchText(r.launch_date, r.launch_date ? localMidnightUtc(r.launch_date, timeZone) : null, timeZone);
      mail.push(outboxRow(env, {
        template: "invitation.reminder", to: [r.contact_email, ...parseList(r.additional_emails)], vendorId: r.vendor_id, invitationId: r.id,
        ...reminderEmail(parties, { onboarding: r.kind === "onboarding", message: r.message, launch, url, expiresAt: r.expires_at }),
      }, now));
      events.push({ id: newId(), invitation_id: r.id, at: now, type: "reminded", actor: "system", detail: "Reminder sent after 7 days without an answer" });
    }
    const due = (col: (n: string) => ReturnType<typeof sql>) =>
      sql`EXISTS (SELECT 1 FROM invitations WHERE id = ${col("invitation_id")} AND status = 'pending' AND reminder_sent_at IS NULL)`;
    const ids = JSON.stringify(rows.map((r) => r.id));
    const results = await runStatements(db, [
      insertRowsWhere(db, "access_tokens", ["token_hash", "purpose", "invitation_id", "connection_id", "created_at", "expires_at"], tokens, due),
      insertRowsWhere(db, "emails", OUTBOX_COLUMNS, mail, due),
      insertRowsWhere(db, "invitation_events", EVENT_COLUMNS, events, due),
      sql`UPDATE invitations SET reminder_sent_at = ${now}, updated_at = ${now} WHERE id IN (SELECT value FROM json_each(${ids})) AND status = 'pending' AND reminder_sent_at IS NULL`,
    ]);
    reminded += changesOf(results[3]);
    if (rows.length < 100) break;
  }
  return { reminded };
}

function parseList(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((e): e is string => typeof e === "string") : [];
  } catch {
    return [];
  }
}
