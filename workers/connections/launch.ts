// Releasing connections to teachers and students: the statements shared by the
// cron's launchDue and the vendor's "launch now". The update is conditional
// (`launched_at IS NULL`) and the emails and timeline events are inserted
// before it in the same batch, guarded by the same condition, so a connection
// is launched, announced and recorded exactly once however many runs overlap.
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { OUTBOX_COLUMNS, outboxRow } from "../email/outbox";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { districtTimeZone } from "../lib/time";
import { launchedDistrictEmail, launchedVendorEmail, type Parties } from "./emails";
import { changesOf, insertRowsWhere, runStatements, type Row } from "../db/guarded";

/** Everything a launch needs to write its emails, loaded in one query. */
export interface LaunchRow {
  id: string;
  vendor_id: string;
  invitation_id: string | null;
  share_mode: string;
  contact_email: string;
  app_name: string;
  vendor_name: string;
  district_name: string;
  district_state: string;
  tz: string | null;
  school_count: number;
  section_count: number;
  vendor_emails: string;
}

const LAUNCH_SELECT = sql`SELECT c.id, c.vendor_id, c.invitation_id, c.share_mode, c.contact_email,
    COALESCE(a.name, 'Your app') AS app_name, COALESCE(v.name, '') AS vendor_name,
    COALESCE(d.name, c.district_id) AS district_name, COALESCE(d.state, '') AS district_state, d.time_zone_override AS tz,
    (SELECT count(*) FROM connection_schools s WHERE s.connection_id = c.id) AS school_count,
    (SELECT count(*) FROM connection_sections s WHERE s.connection_id = c.id) AS section_count,
    COALESCE(
      (SELECT json_array(u.email) FROM invitations i JOIN users u ON u.id = i.created_by AND u.vendor_id = i.vendor_id WHERE i.id = c.invitation_id),
      (SELECT json_group_array(u.email) FROM users u WHERE u.vendor_id = c.vendor_id)
    ) AS vendor_emails
  FROM connections c
  LEFT JOIN apps a ON a.id = c.app_id
  LEFT JOIN vendors v ON v.id = c.vendor_id
  LEFT JOIN districts d ON d.id = c.district_id`;

/** Up to `limit` connections whose launch moment has passed, oldest first. */
export function selectDue(db: Database, now: number, limit: number): Promise<LaunchRow[]> {
  return db.all<LaunchRow>(sql`${LAUNCH_SELECT} WHERE c.launched_at IS NULL AND c.launch_at <= ${now} ORDER BY c.launch_at LIMIT ${limit}`);
}

export async function selectForLaunch(db: Database, connectionId: string): Promise<LaunchRow | undefined> {
  const rows = await db.all<LaunchRow>(sql`${LAUNCH_SELECT} WHERE c.id = ${connectionId}`);
  return rows[0];
}

/** The names a launch row's emails use. */
export function partiesOfLaunch(r: LaunchRow): Parties {
  return {
    appName: r.app_name, vendorName: r.vendor_name, districtName: r.district_name, districtState: r.district_state,
    timeZone: districtTimeZone({ state: r.district_state, timeZoneOverride: r.tz }),
  };
}

function shareSummary(r: LaunchRow): string {
  if (r.share_mode === "all") return "All schools";
  const n = r.share_mode === "schools" ? Number(r.school_count) : Number(r.section_count);
  const noun = r.share_mode === "schools" ? "school" : "section";
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function parseEmails(json: string): string[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list.filter((e): e is string => typeof e === "string" && e.length > 0) : [];
  } catch {
    return [];
  }
}

/**
 * The batch that launches these connections (if still unlaunched): events and
 * emails first, each guarded per row, then the conditional update, whose
 * `meta.changes` is the number this run launched (the last statement).
 */
export function launchStatements(
  db: Database,
  env: Pick<Env, "EMAIL_FROM" | "APP_URL">,
  rows: readonly LaunchRow[],
  now: number,
  actor = "system",
  detail = "Launched: the launch date arrived",
): SQL[] {
  const events: Row[] = [];
  const mail: Row[] = [];
  for (const r of rows) {
    const parties = partiesOfLaunch(r);
    const sharing = shareSummary(r);
    const refs = { vendorId: r.vendor_id, invitationId: r.invitation_id, connectionId: r.id };
    const vendorTo = parseEmails(r.vendor_emails);
    if (vendorTo.length) {
      mail.push(outboxRow(env, { template: "connection.launched", to: vendorTo, ...refs, ...launchedVendorEmail(parties, { sharing, launchedAt: now, url: `${env.APP_URL}/connections/${r.id}` }) }, now));
    }
    if (r.contact_email) {
      mail.push(outboxRow(env, { template: "connection.launched_district", to: [r.contact_email], ...refs, ...launchedDistrictEmail(parties, { sharing, launchedAt: now }) }, now));
    }
    if (r.invitation_id) events.push({ id: newId(), invitation_id: r.invitation_id, at: now, type: "launched", actor, detail, connection_id: r.id });
  }
  const unlaunched = (col: (name: string) => ReturnType<typeof sql>) =>
    sql`EXISTS (SELECT 1 FROM connections WHERE id = ${col("connection_id")} AND launched_at IS NULL)`;
  const statements: SQL[] = [];
  if (events.length) statements.push(insertRowsWhere(db, "invitation_events", ["id", "invitation_id", "at", "type", "actor", "detail"], events, unlaunched, ["connection_id"]));
  for (const group of bySize(mail, MAIL_BYTES_PER_STATEMENT)) statements.push(insertRowsWhere(db, "emails", OUTBOX_COLUMNS, group, unlaunched));
  const ids = JSON.stringify(rows.map((r) => r.id));
  statements.push(sql`UPDATE connections SET launched_at = ${now}, updated_at = ${now} WHERE id IN (SELECT value FROM json_each(${ids})) AND launched_at IS NULL`);
  return statements;
}

/** Email rows per insert statement are capped by size: one bound JSON string stays well under D1's 2 MB value limit. */
const MAIL_BYTES_PER_STATEMENT = 450_000;

function bySize(rows: Row[], maxBytes: number): Row[][] {
  const groups: Row[][] = [];
  let current: Row[] = [];
  let bytes = 0;
  for (const r of rows) {
    const size = String(r.html ?? "").length + String(r.text ?? "").length + 600;
    if (current.length && bytes + size > maxBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length) groups.push(current);
  return groups;
}

/** Runs launchStatements; returns how many connections this call launched. */
export async function runLaunch(db: Database, statements: SQL[]): Promise<number> {
  const results = await runStatements(db, statements);
  return changesOf(results[results.length - 1]);
}
