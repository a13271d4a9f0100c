// What a vendor sees of an import: its status, the counts a progress bar needs,
// and every row with its district and the problem beside each column. Scoped to
// the acting app: another app's import is "not found".
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { bulkImports, bulkRows, districts, type BulkRowStatus, type BulkStatus } from "../db/schema";
import { notFound } from "../lib/errors";
import type { BulkRecord } from "./csv";
import type { RowErrors } from "./check";

export interface BulkCounts {
  total: number;
  /** Rows that pass every check (whatever has happened to them since). */
  ready: number;
  invalid: number;
  skipped: number;
  queued: number;
  /** Queued rows held back by the app's sending limit. */
  waiting: number;
  sent: number;
  failed: number;
}

export interface BulkRowView {
  rowNumber: number;
  status: BulkRowStatus;
  values: BulkRecord;
  district: { id: string; name: string; state: string; onHomeroom: boolean } | null;
  errors: RowErrors;
  invitationId: string | null;
  /** Set while a queued row waits for the sending limit: the message saying so. */
  waitingFor: string | null;
}

export interface BulkImportView {
  id: string;
  status: BulkStatus;
  fileName: string;
  createdAt: string;
  counts: BulkCounts;
  rows: BulkRowView[];
}

export async function loadImport(db: Database, appId: string, id: string) {
  const row = await db.select().from(bulkImports).where(and(eq(bulkImports.id, id), eq(bulkImports.appId, appId))).get();
  if (!row) throw notFound("Bulk import");
  return row;
}

/** Counts per status; "waiting" are queued rows the sending limit holds back at `now`. */
export async function countRows(db: Database, importId: string, now = Date.now()): Promise<BulkCounts> {
  const groups = await db
    .select({ status: bulkRows.status, limited: sql<number>`${bulkRows.errors} like '%"limit"%' and ${bulkRows.updatedAt} > ${now}`, n: sql<number>`count(*)` })
    .from(bulkRows).where(eq(bulkRows.importId, importId)).groupBy(bulkRows.status, sql`2`).all();
  const c: BulkCounts = { total: 0, ready: 0, invalid: 0, skipped: 0, queued: 0, waiting: 0, sent: 0, failed: 0 };
  for (const g of groups) {
    const n = Number(g.n);
    c.total += n;
    if (g.status === "valid" || g.status === "queued" || g.status === "sent" || g.status === "failed") c.ready += n;
    if (g.status === "invalid") c.invalid += n;
    if (g.status === "skipped") c.skipped += n;
    if (g.status === "queued") c.queued += n;
    if (g.status === "queued" && Number(g.limited)) c.waiting += n;
    if (g.status === "sent") c.sent += n;
    if (g.status === "failed") c.failed += n;
  }
  return c;
}

/** The import with its counts, and its rows unless `withRows` is false (the progress poll). */
export async function getImport(db: Database, appId: string, id: string, withRows = true, now = Date.now()): Promise<BulkImportView> {
  const imp = await loadImport(db, appId, id);
  const counts = await countRows(db, id, now);
  const view: BulkImportView = { id, status: imp.status, fileName: imp.fileName, createdAt: new Date(imp.createdAt).toISOString(), counts, rows: [] };
  if (!withRows) return view;
  const rows = await db.select().from(bulkRows).where(eq(bulkRows.importId, id)).orderBy(bulkRows.rowNumber).all();
  const ids = [...new Set(rows.map((r) => r.districtId).filter((d): d is string => !!d))];
  const found = new Map<string, { id: string; name: string; state: string; onHomeroom: boolean }>();
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = await db.select({ id: districts.id, name: districts.name, state: districts.state, onHomeroom: districts.onHomeroom })
      .from(districts).where(inArray(districts.id, ids.slice(i, i + 90))).all();
    for (const d of chunk) found.set(d.id, d);
  }
  view.rows = rows.map((r) => {
    const errors = JSON.parse(r.errors) as RowErrors & { limit?: string };
    const { limit, ...rest } = errors;
    return {
      rowNumber: r.rowNumber, status: r.status, values: JSON.parse(r.raw) as BulkRecord,
      district: r.districtId ? found.get(r.districtId) ?? null : null, errors: rest,
      invitationId: r.invitationId, waitingFor: r.status === "queued" && limit && r.updatedAt > now ? limit : null,
    };
  });
  return view;
}
