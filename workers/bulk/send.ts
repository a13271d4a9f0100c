// Sending a checked import. Confirming marks the import "sending" and its valid
// rows "queued"; rows then go out in chunks, each through createInvitation (the
// same rules and one batch per invitation and its emails), so one bad row is
// recorded as "failed" and the rest carry on. Chunks run after the confirming
// request (waitUntil) and from the cron, so nothing depends on a browser.
// Exactly once: a queued row's updated_at is the time it may next be tried; a
// chunk claims rows with one conditional UPDATE that pushes it a lease ahead,
// and each row's invitation is created with a once-key (bulk:<import>, row
// number) claimed in the invitation's own batch, so a retry after a crash
// replays the first invitation instead of sending a second. Rows refused by the
// app's sending limit stay queued until the limit says to try again.
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Actor } from "../accounts/actor";
import type { Database } from "../db/client";
import { bulkImports, bulkRows } from "../db/schema";
import { createInvitationOnce, type CreateEnv } from "../invitations/create";
import { AppError } from "../lib/errors";
import type { BulkRecord } from "./csv";
import { connectInputOf, rowErrorsOf } from "./check";
import { countRows, loadImport } from "./read";

export const CHUNK_SIZE = 25;
/** How long a claimed row is left alone before another run may retry it. */
export const LEASE_MS = 120_000;

/** Confirms an import: nothing is sent before this. Repeating it on a sending or finished import changes nothing. */
export async function startSend(db: Database, appId: string, id: string, now: number): Promise<void> {
  const imp = await loadImport(db, appId, id);
  if (imp.status === "sending" || imp.status === "done") return;
  if (imp.status === "cancelled") throw new AppError("conflict", "This import was cancelled; upload the file again to send it");
  const counts = await countRows(db, id);
  if (counts.ready === 0) throw new AppError("conflict", "No row of this file can be sent; correct it and upload it again");
  await db.batch([
    db.update(bulkImports).set({ status: "sending", updatedAt: now }).where(and(eq(bulkImports.id, id), eq(bulkImports.status, "checked"))),
    db.update(bulkRows).set({ status: "queued", updatedAt: now }).where(and(eq(bulkRows.importId, id), eq(bulkRows.status, "valid"))),
  ]);
}

export async function cancelImport(db: Database, appId: string, id: string, now: number): Promise<void> {
  const imp = await loadImport(db, appId, id);
  if (imp.status === "cancelled") return;
  if (imp.status !== "checked") throw new AppError("conflict", "Sending has started; invitations already sent can be revoked one by one");
  await db.update(bulkImports).set({ status: "cancelled", updatedAt: now }).where(and(eq(bulkImports.id, id), eq(bulkImports.status, "checked")));
}

export interface ChunkReport {
  sent: number;
  failed: number;
  waiting: number;
  claimed: number;
}

/** The import's creator (or, for an API-key import, the app itself) as the sender of its invitations. */
function actorOfImport(imp: { vendorId: string; appId: string; createdBy: string | null }): Actor {
  return imp.createdBy
    ? { via: "session", userId: imp.createdBy, email: null, vendorId: imp.vendorId, appId: imp.appId, timeZone: "UTC" }
    : { via: "api_key", userId: null, email: null, vendorId: imp.vendorId, appId: imp.appId, timeZone: "UTC" };
}

/** Sends up to `size` due rows of one sending import; marks it done when no row is left queued. */
export async function processChunk(db: Database, env: CreateEnv, importId: string, now: number, size = CHUNK_SIZE): Promise<ChunkReport> {
  const report: ChunkReport = { sent: 0, failed: 0, waiting: 0, claimed: 0 };
  const imp = await db.select().from(bulkImports).where(eq(bulkImports.id, importId)).get();
  if (!imp || imp.status !== "sending") return report;
  const due = and(eq(bulkRows.importId, importId), eq(bulkRows.status, "queued"), lte(bulkRows.updatedAt, now));
  const pick = db.select({ n: bulkRows.rowNumber }).from(bulkRows).where(due).orderBy(asc(bulkRows.rowNumber)).limit(size);
  const claimed = await db.update(bulkRows).set({ updatedAt: now + LEASE_MS })
    .where(and(due, inArray(bulkRows.rowNumber, pick)))
    .returning({ rowNumber: bulkRows.rowNumber, raw: bulkRows.raw }).all();
  claimed.sort((a, b) => a.rowNumber - b.rowNumber);
  report.claimed = claimed.length;
  const actor = actorOfImport(imp);
  const rowWhere = (n: number) => and(eq(bulkRows.importId, importId), eq(bulkRows.rowNumber, n), eq(bulkRows.status, "queued"));
  for (let i = 0; i < claimed.length; i++) {
    const row = claimed[i]!;
    const once = { scope: `bulk:${importId}`, key: String(row.rowNumber), requestHash: "bulk-row" };
    try {
      const { invitation } = await createInvitationOnce(db, env, actor, connectInputOf(JSON.parse(row.raw) as BulkRecord), now, once);
      await db.update(bulkRows).set({ status: "sent", invitationId: invitation.id, errors: "{}", updatedAt: now }).where(rowWhere(row.rowNumber));
      report.sent++;
    } catch (err) {
      if (err instanceof AppError && err.code === "rate_limited") {
        // The limit refuses every row alike: this one and every other row still queued wait until it lifts.
        const wait = typeof err.details?.retryAfterSeconds === "number" ? err.details.retryAfterSeconds : 300;
        const held = await db.update(bulkRows).set({ updatedAt: now + wait * 1000, errors: JSON.stringify({ limit: err.message }) })
          .where(and(eq(bulkRows.importId, importId), eq(bulkRows.status, "queued"), lte(bulkRows.updatedAt, now + LEASE_MS)))
          .returning({ n: bulkRows.rowNumber }).all();
        report.waiting = held.length;
        break;
      }
      if (!(err instanceof AppError)) console.error(JSON.stringify({ bulk: importId, row: row.rowNumber, error: String(err), stack: (err as Error)?.stack }));
      const errors = err instanceof AppError ? rowErrorsOf(err.fields, err.message) : { row: "Something went wrong on our side; this invitation was not sent" };
      await db.update(bulkRows).set({ status: "failed", errors: JSON.stringify(errors), updatedAt: now }).where(rowWhere(row.rowNumber));
      report.failed++;
    }
  }
  await settle(db, importId, now);
  return report;
}

/** Refreshes the import's counters, and marks it done once no row is queued. */
async function settle(db: Database, importId: string, now: number): Promise<void> {
  const c = await countRows(db, importId);
  await db.update(bulkImports).set({ sentRows: c.sent, failedRows: c.failed, updatedAt: now, ...(c.queued === 0 ? { status: "done" as const } : {}) })
    .where(and(eq(bulkImports.id, importId), eq(bulkImports.status, "sending")));
}

/** Sends chunks of one import until none is due or `budgetMs` has passed (after a confirm, in waitUntil). */
export async function sendForAWhile(db: Database, env: CreateEnv, importId: string, budgetMs = 20_000, clock = () => Date.now()): Promise<ChunkReport> {
  const total: ChunkReport = { sent: 0, failed: 0, waiting: 0, claimed: 0 };
  const until = clock() + budgetMs;
  while (clock() < until) {
    const r = await processChunk(db, env, importId, clock());
    total.sent += r.sent; total.failed += r.failed; total.waiting += r.waiting; total.claimed += r.claimed;
    if (r.sent + r.failed === 0) break;
  }
  return total;
}

/** The cron job: continues every import still sending (those whose browser closed, or that wait for the limit). */
export async function continueBulkSends(db: Database, env: CreateEnv, now: number, maxChunks = 20): Promise<ChunkReport & { imports: number }> {
  const sending = await db.select({ id: bulkImports.id }).from(bulkImports).where(eq(bulkImports.status, "sending"))
    .orderBy(asc(bulkImports.updatedAt)).limit(maxChunks).all();
  const total = { sent: 0, failed: 0, waiting: 0, claimed: 0, imports: sending.length };
  let chunks = 0;
  for (const { id } of sending) {
    for (;;) {
      if (chunks++ >= maxChunks) return total;
      const r = await processChunk(db, env, id, now);
      total.sent += r.sent; total.failed += r.failed; total.waiting += r.waiting; total.claimed += r.claimed;
      if (r.sent + r.failed === 0) break;
    }
  }
  return total;
}

