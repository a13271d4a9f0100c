// Shared pieces for the bulk tests: a sheet built from rows, and what the
// database holds about an import.
import { eq } from "drizzle-orm";
import { bulkRows } from "../../workers/db/schema";
import { db } from "../support/fixtures";

export const HEADER = "nces_id,contact_name,contact_email,additional_emails,launch_date,message";

export function sheet(rows: string[]): string {
  return [HEADER, ...rows].join("\r\n") + "\r\n";
}

export const rowsOf = (importId: string) => db().select().from(bulkRows).where(eq(bulkRows.importId, importId)).orderBy(bulkRows.rowNumber).all();
