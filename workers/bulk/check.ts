// Checking an uploaded sheet before anything is sent. Every row gets the shape
// checks of a single invitation (parseCreate) and the district-level checks of
// planConnect (exists, On Homeroom, additional emails, launch date not past in
// the district's zone), plus duplicates within the file and invitations already
// open. Districts and open invitations are loaded in chunks, not per row, so a
// 2,000-row file stays within a Worker's query budget. The send re-runs the full
// single-invitation validation (createInvitation), so anything that changed since
// the check is caught and recorded on its row.
// Off-Homeroom rows are "skipped": an onboarding invitation needs a role and the
// district's details, which the sheet does not carry, so it is sent from the
// district's own page instead.
import { and, eq, inArray } from "drizzle-orm";
import type { Actor } from "../accounts/actor";
import type { BatchItem, Database } from "../db/client";
import { bulkImports, bulkRows, connections, districts, invitations, type BulkRowStatus } from "../db/schema";
import { isEmail, LIMITS } from "../invitations/schemas";
import { parseCreate } from "../invitations/validate";
import { newId } from "../lib/crypto";
import { AppError, type FieldErrors } from "../lib/errors";
import { dateIn, districtTimeZone, formatDate, isCalendarDate } from "../lib/time";
import { readSheet, splitEmails, type BulkColumn, type BulkRecord } from "./csv";

type District = typeof districts.$inferSelect;
export type RowErrors = Partial<Record<BulkColumn | "row", string>>;

/** A sheet row as the input of a single connect invitation. */
export function connectInputOf(rec: BulkRecord) {
  return {
    kind: "connect" as const,
    districtId: rec.nces_id,
    primaryContact: { name: rec.contact_name, email: rec.contact_email },
    additionalEmails: splitEmails(rec.additional_emails),
    launchDate: rec.launch_date || null,
    ...(rec.message ? { message: rec.message } : {}),
  };
}

/** Field paths of the invitation input to the sheet's columns. */
export function columnOf(field: string): BulkColumn | "row" {
  if (field === "districtId") return "nces_id";
  if (field === "primaryContact.name") return "contact_name";
  if (field === "primaryContact.email") return "contact_email";
  if (field.startsWith("additionalEmails")) return "additional_emails";
  if (field === "launchDate") return "launch_date";
  if (field === "message") return "message";
  return "row";
}

export function rowErrorsOf(fields: FieldErrors | undefined, fallback: string): RowErrors {
  const out: RowErrors = {};
  for (const [field, message] of Object.entries(fields ?? {})) out[columnOf(field)] ??= message;
  if (!Object.keys(out).length) out.row = fallback;
  return out;
}

async function inChunks<T>(ids: string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 90) out.push(...(await load(ids.slice(i, i + 90))));
  return out;
}

interface Known {
  districts: Map<string, District>;
  /** District id to a sentence saying why it cannot be invited again. */
  taken: Map<string, string>;
}

async function loadKnown(db: Database, appId: string, ids: string[]): Promise<Known> {
  const found = await inChunks(ids, (chunk) => db.select().from(districts).where(inArray(districts.id, chunk)).all());
  const byId = new Map(found.map((d) => [d.id, d]));
  const taken = new Map<string, string>();
  const present = [...byId.keys()];
  const open = await inChunks(present, (chunk) =>
    db.select({ districtId: invitations.districtId }).from(invitations)
      .where(and(eq(invitations.appId, appId), eq(invitations.status, "pending"), inArray(invitations.districtId, chunk))).all());
  for (const o of open) taken.set(o.districtId, "already has a pending invitation from this app");
  const linked = await inChunks(present, (chunk) =>
    db.select({ districtId: connections.districtId }).from(connections)
      .where(and(eq(connections.appId, appId), inArray(connections.districtId, chunk))).all());
  for (const c of linked) taken.set(c.districtId, "is already connected to this app");
  return { districts: byId, taken };
}

export interface CheckedRow {
  rowNumber: number;
  record: BulkRecord;
  districtId: string | null;
  status: Extract<BulkRowStatus, "valid" | "invalid" | "skipped">;
  errors: RowErrors;
}

/** Checks one row against what is known; `firstRow` remembers which row first named each district. */
export function checkRow(rec: BulkRecord, rowNumber: number, known: Known, firstRow: Map<string, number>, now: number): CheckedRow {
  const errors: RowErrors = {};
  try {
    parseCreate(connectInputOf(rec));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    Object.assign(errors, rowErrorsOf(err.fields, err.message));
  }
  const district = known.districts.get(rec.nces_id) ?? null;
  let skipped = false;
  if (rec.nces_id && !district) errors.nces_id ??= `No district has the NCES ID "${rec.nces_id.slice(0, 20)}"`;
  if (district) {
    const label = `${district.name} (${district.state})`;
    const earlier = firstRow.get(district.id);
    if (earlier !== undefined) errors.nces_id ??= `Row ${earlier} already invites ${label}`;
    else firstRow.set(district.id, rowNumber);
    const taken = known.taken.get(district.id);
    if (taken) errors.nces_id ??= `${label} ${taken}`;
    if (!district.onHomeroom && !errors.nces_id) {
      skipped = true;
      errors.nces_id = `${label} is not on Homeroom yet: invite it from its page, where an onboarding invitation can be sent`;
    }
    const bad = splitEmails(rec.additional_emails).find((e) => !isEmail(e));
    if (bad) errors.additional_emails ??= `"${bad.slice(0, 60)}" is not a valid email address`;
    if (splitEmails(rec.additional_emails).length > LIMITS.additionalEmails) errors.additional_emails ??= `At most ${LIMITS.additionalEmails} additional contacts`;
    if (rec.launch_date) {
      const today = dateIn(districtTimeZone(district), now);
      if (!isCalendarDate(rec.launch_date)) errors.launch_date ??= "Launch date must be a real date written YYYY-MM-DD";
      else if (rec.launch_date < today) errors.launch_date ??= `Launch date is in the past: it is already ${formatDate(today)} in ${district.name}'s time zone`;
    }
  }
  const status = skipped && Object.keys(errors).length === 1 ? "skipped" : Object.keys(errors).length ? "invalid" : "valid";
  return { rowNumber, record: rec, districtId: district?.id ?? null, status, errors };
}

export interface UploadInput {
  csv: string;
  fileName?: string;
}

/** Checks a sheet and stores the import and its rows; sends nothing. Throws validation_failed (field "csv") for a file that cannot be read. */
export async function createImport(db: Database, actor: Actor, input: UploadInput, now: number): Promise<string> {
  const sheet = readSheet(input.csv);
  if (sheet.error) throw new AppError("validation_failed", sheet.error, { fields: { csv: sheet.error } });
  const ids = [...new Set(sheet.records.map((r) => r.nces_id).filter((id) => id && id.length <= 20))];
  const known = await loadKnown(db, actor.appId, ids);
  const firstRow = new Map<string, number>();
  const checked = sheet.records.map((rec, i) => checkRow(rec, i + 1, known, firstRow, now));
  const id = newId();
  const valid = checked.filter((r) => r.status === "valid").length;
  const statements: BatchItem[] = [
    db.insert(bulkImports).values({
      id, appId: actor.appId, vendorId: actor.vendorId, createdBy: actor.via === "session" ? actor.userId : null,
      fileName: (input.fileName ?? "").slice(0, 200), status: "checked", totalRows: checked.length, validRows: valid,
      sentRows: 0, failedRows: 0, createdAt: now, updatedAt: now,
    }),
  ];
  // At most 8 parameters a row: 12 rows a statement stays under D1's 100-parameter limit.
  for (let i = 0; i < checked.length; i += 12) {
    statements.push(db.insert(bulkRows).values(checked.slice(i, i + 12).map((r) => ({
      importId: id, rowNumber: r.rowNumber, raw: JSON.stringify(r.record), districtId: r.districtId,
      status: r.status, errors: JSON.stringify(r.errors), updatedAt: now,
    }))));
  }
  await db.batch(statements as [BatchItem, ...BatchItem[]]);
  return id;
}
