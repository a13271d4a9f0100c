// The vendor's levers before launch: move the launch date (never into the past
// in the district's own zone) or launch now. After launch the date is fixed and
// both are refused with a clear conflict. A date whose midnight has already
// passed (today) launches at once, through the same guarded statements the cron uses.
// A date still ahead is emailed to the district contact in the batch that moves it.
import { sql, type SQL } from "drizzle-orm";
import { OUTBOX_COLUMNS, outboxRow } from "../email/outbox";
import type { Database } from "../db/client";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { dateIn, formatDate, formatInstant, isCalendarDate, localMidnightUtc } from "../lib/time";
import { EVENT_COLUMNS } from "./decide";
import { launchText, rescheduledEmail } from "./emails";
import { launchStatements, partiesOfLaunch, runLaunch, selectForLaunch } from "./launch";
import { getConnection, type ConnectionView } from "./queries";
import { changesOf, insertRowsWhere, runStatements } from "../db/guarded";

export interface VendorActor {
  appId: string;
  userId: string | null;
}

const who = (actor: VendorActor) => (actor.userId ? `vendor:${actor.userId}` : "vendor:api");

export function launchedConflict(c: ConnectionView): AppError {
  const when = c.launchedAt === null ? "" : ` on ${formatInstant(c.launchedAt, c.district.timeZone)}`;
  return new AppError("conflict", `This connection already launched${when}; its launch date is fixed and can no longer be changed`);
}

export async function launchNow(db: Database, env: Pick<Env, "EMAIL_FROM" | "APP_URL">, actor: VendorActor, id: string, now: number): Promise<ConnectionView> {
  const current = await getConnection(db, actor, id);
  if (current.launchedAt !== null) throw launchedConflict(current);
  const row = await selectForLaunch(db, id);
  if (!row) throw new AppError("not_found", "Connection not found");
  const launched = await runLaunch(db, launchStatements(db, env, [row], now, who(actor), "Launched early by the vendor"));
  const after = await getConnection(db, actor, id);
  if (launched === 0 && after.launchedAt !== now) throw launchedConflict(after);
  return after;
}

export async function reschedule(
  db: Database,
  env: Pick<Env, "EMAIL_FROM" | "APP_URL">,
  actor: VendorActor,
  id: string,
  launchDate: string,
  now: number,
): Promise<ConnectionView> {
  const current = await getConnection(db, actor, id);
  if (current.launchedAt !== null) throw launchedConflict(current);
  if (!isCalendarDate(launchDate)) throw new AppError("validation_failed", "Enter a date as YYYY-MM-DD", { fields: { launchDate: "Enter a real date (YYYY-MM-DD)" } });
  const tz = current.district.timeZone;
  const today = dateIn(tz, now);
  if (launchDate < today) {
    const msg = `Choose ${formatDate(today)} or later: it is already ${formatDate(today)} in ${tz}`;
    throw new AppError("validation_failed", msg, { fields: { launchDate: msg } });
  }
  const launchAt = localMidnightUtc(launchDate, tz);
  const dueNow = launchAt <= now;
  const row = await selectForLaunch(db, id);
  // A date still ahead is news for the district contact; a due one is announced by the launch email instead.
  const tellDistrict = !dueNow && !!row?.contact_email;
  const was = current.launchDate ? formatDate(current.launchDate) : null;
  const event = current.invitationId
    ? [{
      id: newId(), invitation_id: current.invitationId, at: now, type: "rescheduled", actor: who(actor),
      detail: `Launch date moved to ${formatDate(launchDate)}` + (was ? ` (was ${was})` : "") + (tellDistrict ? `; ${row?.contact_email} was emailed` : ""),
    }]
    : [];
  const unlaunched = () => sql`EXISTS (SELECT 1 FROM connections WHERE id = ${id} AND launched_at IS NULL)`;
  const statements: SQL[] = [insertRowsWhere(db, "invitation_events", EVENT_COLUMNS, event, unlaunched)];
  if (tellDistrict && row) {
    const mail = outboxRow(env, {
      template: "connection.rescheduled", to: [row.contact_email], vendorId: row.vendor_id, invitationId: current.invitationId, connectionId: id,
      ...rescheduledEmail(partiesOfLaunch(row), {
        launch: launchText(launchDate, launchAt, tz),
        was: current.launchDate && current.launchAt !== null ? launchText(current.launchDate, current.launchAt, tz) : "No date",
      }),
    }, now);
    statements.push(insertRowsWhere(db, "emails", OUTBOX_COLUMNS, [mail], unlaunched));
  }
  const updateAt = statements.length + 1;
  const results = await runStatements(db, [
    ...statements,
    sql`UPDATE invitations SET launch_date = ${launchDate}, updated_at = ${now} WHERE id = ${current.invitationId} AND ${unlaunched()}`,
    sql`UPDATE connections SET launch_date = ${launchDate}, launch_at = ${launchAt}, updated_at = ${now} WHERE id = ${id} AND launched_at IS NULL`,
  ]);
  if (changesOf(results[updateAt]) !== 1) throw launchedConflict(await getConnection(db, actor, id));
  // Today's midnight has passed already: the new date is due, so launch it now rather than wait for the clock.
  if (dueNow) {
    if (row) await runLaunch(db, launchStatements(db, env, [row], now, who(actor), `Launched: rescheduled to ${formatDate(launchDate)}, which has begun`));
  }
  return getConnection(db, actor, id);
}
