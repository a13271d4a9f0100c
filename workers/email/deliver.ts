// Delivery from the outbox. Each run claims due messages with one conditional
// update (status queued -> sending, locked_until), so overlapping runs (cron and
// deliverSoon after a request) never send the same message twice; then sends
// them through Resend, batching fresh messages (at most 100 a call) within
// RESEND_RATE_PER_SECOND, and records each outcome.
//
// Idempotency: a message sent alone carries its own key (emails.idempotency_key)
// on every attempt. Messages that go out together get a batch key, stored on each
// member (emails.batch_key) BEFORE the first call; a retried batch is re-sent with
// exactly the same members and key, so Resend can never send one twice. When
// Resend refuses a batch as invalid (a 4xx, so nothing was sent), its members are
// split up and sent alone, so one bad message cannot hold back the others.
//
// Without RESEND_API_KEY, and only where DEV_MAILBOX is "1", messages are
// "delivered" into the dev mailbox (/dev/mail): marked sent, nothing leaves.
import { and, eq, inArray, lte, or } from "drizzle-orm";
import { hitLimit } from "../accounts/rate-limit";
import type { BatchItem, Database } from "../db/client";
import { emails } from "../db/schema";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { resendClient, sendToResend, type OutboundMessage, type SendOutcome } from "./resend";

export const MAX_ATTEMPTS = 8;
export const BATCH_SIZE = 100;
const LOCK_MS = 2 * 60_000;
const CLAIM_LIMIT = 300;
/** D1 allows 100 bound parameters a statement. */
const ID_CHUNK = 90;
/** In-run waits for a 429 up to this long; longer ones are left to the next run. */
const MAX_INLINE_WAIT_MS = 3_000;

export interface DeliverOptions {
  /** Abort a Resend call after this long (default 10 s). */
  timeoutMs?: number;
  /** Stop starting new calls after this long; the rest wait for the next run. */
  budgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface DeliverReport {
  claimed: number;
  sent: number;
  failed: number;
  retrying: number;
  requests: number;
  skipped?: string;
}

type Row = typeof emails.$inferSelect;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const chunks = <T>(list: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

/** Exponential backoff: 30 s, 1 min, 2 min, ... capped at 1 hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

const dueCondition = (now: number) =>
  or(and(eq(emails.status, "queued"), lte(emails.nextAttemptAt, now)), and(eq(emails.status, "sending"), lte(emails.lockedUntil, now)));

/** Claims due messages, whole batches at a time; returns only what this run won. */
async function claim(db: Database, now: number): Promise<Row[]> {
  const candidates = await db
    .select({ id: emails.id, batchKey: emails.batchKey })
    .from(emails)
    .where(dueCondition(now))
    .orderBy(emails.nextAttemptAt, emails.batchKey, emails.createdAt)
    .limit(CLAIM_LIMIT + BATCH_SIZE);
  const ids: string[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (!c) break;
    // Stop at the limit, but never between two members of one batch.
    if (ids.length >= CLAIM_LIMIT && (c.batchKey === null || c.batchKey !== candidates[i - 1]?.batchKey)) break;
    ids.push(c.id);
  }
  if (ids.length === 0) return [];
  const lockedUntil = now + LOCK_MS;
  const statements = chunks(ids, ID_CHUNK).map((part) =>
    db
      .update(emails)
      .set({ status: "sending", lockedUntil, updatedAt: now })
      .where(and(inArray(emails.id, part), dueCondition(now)))
      .returning(),
  );
  const [first, ...rest] = statements;
  if (!first) return [];
  const results = await db.batch([first, ...rest]);
  return results.flat();
}

/** A stored row as the message Resend is asked to send. */
export const outbound = (r: Row): OutboundMessage => ({
  from: r.fromAddress,
  to: JSON.parse(r.to) as string[],
  cc: JSON.parse(r.cc) as string[],
  replyTo: r.replyTo,
  subject: r.subject,
  html: r.html,
  text: r.text,
});

interface Group {
  rows: Row[];
  key: string;
  batchKey: string | null;
}

/** Existing batches stay as they were; fresh messages are grouped by 100; retries of lone messages stay alone. */
async function plan(db: Database, rows: Row[]): Promise<Group[]> {
  const groups: Group[] = [];
  const byBatch = new Map<string, Row[]>();
  const fresh: Row[] = [];
  for (const r of rows) {
    if (r.batchKey) byBatch.set(r.batchKey, [...(byBatch.get(r.batchKey) ?? []), r]);
    else if (r.attempts === 0) fresh.push(r);
    else groups.push({ rows: [r], key: r.idempotencyKey, batchKey: null });
  }
  for (const [batchKey, members] of byBatch) groups.push({ rows: members, key: batchKey, batchKey });
  const writes: BatchItem[] = [];
  for (const part of chunks(fresh, BATCH_SIZE)) {
    if (part.length === 1 && part[0]) {
      groups.push({ rows: part, key: part[0].idempotencyKey, batchKey: null });
      continue;
    }
    const batchKey = `homeroom-batch-${newId()}`;
    for (const ids of chunks(part.map((r) => r.id), ID_CHUNK)) writes.push(db.update(emails).set({ batchKey }).where(inArray(emails.id, ids)));
    groups.push({ rows: part, key: batchKey, batchKey });
  }
  const [first, ...rest] = writes;
  // Written before any call, so a crash mid-call retries the same group under the same key.
  if (first) await db.batch([first, ...rest]);
  return groups;
}

/** Waits for a slot in the shared per-second budget of Resend calls. */
async function pace(db: Database, env: Env, sleep: (ms: number) => Promise<void>) {
  const rate = Math.max(1, Number(env.RESEND_RATE_PER_SECOND ?? "2") || 2);
  for (;;) {
    const now = Date.now();
    const slot = await hitLimit(db, "resend:requests", rate, 1000, now);
    if (slot.allowed) return;
    await sleep(Math.max(10, slot.resetAt - now));
  }
}

export async function deliverDue(db: Database, env: Env, now: number, opts: DeliverOptions = {}): Promise<DeliverReport> {
  const report: DeliverReport = { claimed: 0, sent: 0, failed: 0, retrying: 0, requests: 0 };
  const devMailbox = !env.RESEND_API_KEY && env.DEV_MAILBOX === "1";
  if (!env.RESEND_API_KEY && !devMailbox) {
    // Production without a key: leave everything queued and say so in the cron log.
    return { ...report, skipped: "RESEND_API_KEY is not set; messages stay queued" };
  }
  const rows = await claim(db, now);
  report.claimed = rows.length;
  if (rows.length === 0) return report;

  if (devMailbox) {
    const statements = rows.map((r) =>
      db.update(emails).set({ status: "sent", providerId: `dev_${r.id}`, attempts: r.attempts + 1, sentAt: now, lockedUntil: null, lastError: null, updatedAt: now }).where(eq(emails.id, r.id)),
    );
    const [first, ...rest] = statements;
    if (first) await db.batch([first, ...rest]);
    report.sent = rows.length;
    return report;
  }

  const client = resendClient(env);
  const sleep = opts.sleep ?? realSleep;
  const startedAt = Date.now();
  const budget = opts.budgetMs ?? 20_000;
  let holdUntil: number | null = null;
  const queue = await plan(db, rows);

  while (queue.length > 0) {
    const group = queue.shift();
    if (!group) break;
    if (holdUntil !== null || Date.now() - startedAt > budget) {
      await release(db, group.rows, holdUntil ?? now, now);
      report.retrying += group.rows.length;
      continue;
    }
    let requests = 0;
    let outcome: SendOutcome;
    for (;;) {
      await pace(db, env, sleep);
      outcome = await sendToResend(client, group.rows.map(outbound), group.key, opts.timeoutMs);
      requests++;
      const wait = outcome.kind === "retry" ? outcome.retryAfterMs : null;
      // A short 429: wait it out once or twice within this run, same key.
      if (wait !== null && wait <= MAX_INLINE_WAIT_MS && requests < 3) {
        await sleep(Math.max(wait, 250));
        continue;
      }
      break;
    }
    report.requests += requests;

    if (outcome.kind === "sent") {
      await record(db, group.rows, (r, i) => ({ status: "sent", providerId: outcome.providerIds[i] ?? null, attempts: r.attempts + requests, sentAt: now, lastError: null }), now);
      report.sent += group.rows.length;
    } else if (outcome.kind === "permanent" && group.rows.length > 1) {
      // Resend refused the whole batch, so none of it went out: send each alone.
      await record(db, group.rows, (r) => ({ status: "sending", batchKey: null, attempts: r.attempts + requests, lastError: outcome.error }), now, true);
      for (const r of group.rows) queue.unshift({ rows: [{ ...r, batchKey: null, attempts: r.attempts + requests }], key: r.idempotencyKey, batchKey: null });
    } else if (outcome.kind === "permanent") {
      await record(db, group.rows, (r) => ({ status: "failed", attempts: r.attempts + requests, lastError: outcome.error }), now);
      report.failed += group.rows.length;
    } else {
      if (outcome.retryAfterMs !== null) holdUntil = now + outcome.retryAfterMs;
      let gaveUp = 0;
      await record(db, group.rows, (r) => {
        const attempts = r.attempts + requests;
        if (attempts >= MAX_ATTEMPTS) {
          gaveUp++;
          return { status: "failed", attempts, lastError: `Gave up after ${attempts} attempts; last: ${outcome.error}` };
        }
        return { status: "queued", attempts, lastError: outcome.error, nextAttemptAt: now + Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempts)) };
      }, now);
      report.failed += gaveUp;
      report.retrying += group.rows.length - gaveUp;
    }
  }
  return report;
}

type RowUpdate = Partial<Pick<Row, "status" | "providerId" | "attempts" | "sentAt" | "lastError" | "nextAttemptAt" | "batchKey">>;

/** Writes each member's outcome in one batch and drops the claim (unless keepLock). */
async function record(db: Database, rows: Row[], change: (r: Row, i: number) => RowUpdate, now: number, keepLock = false) {
  const statements = rows.map((r, i) =>
    db.update(emails).set({ ...change(r, i), ...(keepLock ? {} : { lockedUntil: null }), updatedAt: now }).where(eq(emails.id, r.id)),
  );
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

/** Gives claimed messages back untouched (no attempt was made), due again at `at`. */
async function release(db: Database, rows: Row[], at: number, now: number) {
  const writes = chunks(rows.map((r) => r.id), ID_CHUNK).map((ids) =>
    db.update(emails).set({ status: "queued", lockedUntil: null, nextAttemptAt: at, updatedAt: now }).where(and(inArray(emails.id, ids), eq(emails.status, "sending"))),
  );
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
}

/** Deliver right after a request's batch, without making the user wait. */
export function deliverSoon(db: Database, env: Env, ctx: Pick<ExecutionContext, "waitUntil">, now = Date.now()) {
  ctx.waitUntil(deliverDue(db, env, now).catch((err) => console.error("deliverSoon", err)));
}
