// Fixed-window counters in D1 (rate_limits), shared by every isolate: sign-in
// requests per email and per client address, invitations an app sends per hour
// and per day, POSTs that queue email from a district's join/manage link, and
// the pace of calls to Resend.
// One upsert per hit: the counter resets itself when a new window starts, and
// the cron deletes rows whose window ended long ago (purgeOldWindows).
import { lt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { rateLimits } from "../db/schema";
import { AppError } from "../lib/errors";

export interface LimitResult {
  allowed: boolean;
  count: number;
  /** When the current window ends (ms since epoch). */
  resetAt: number;
}

/** No limit uses a longer window (a day), so a row whose window began earlier than this is over. */
export const LONGEST_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Counts one hit on `key` and says whether it is within `limit` per `windowMs`. */
export async function hitLimit(db: Database, key: string, limit: number, windowMs: number, now: number): Promise<LimitResult> {
  if (windowMs > LONGEST_WINDOW_MS) throw new Error(`Rate-limit windows are at most ${LONGEST_WINDOW_MS} ms (purgeOldWindows relies on it)`);
  const windowStart = now - (now % windowMs);
  const row = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      // SET expressions see the row as it was, so the CASE compares the old window.
      set: {
        count: sql`CASE WHEN ${rateLimits.windowStart} = ${windowStart} THEN ${rateLimits.count} + 1 ELSE 1 END`,
        windowStart,
      },
    })
    .returning({ count: rateLimits.count })
    .get();
  const count = row?.count ?? 1;
  return { allowed: count <= limit, count, resetAt: windowStart + windowMs };
}

export interface Limit {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * Counts one hit on each limit; over any of them, throws rate_limited with a
 * message saying when to come back (`message(wait)`), and the seconds in
 * details.retryAfterSeconds (the API sends them as Retry-After).
 */
export async function enforceLimits(db: Database, limits: readonly Limit[], now: number, message: (wait: string) => string): Promise<void> {
  let resetAt = 0;
  for (const l of limits) {
    const r = await hitLimit(db, l.key, l.limit, l.windowMs, now);
    if (!r.allowed) resetAt = Math.max(resetAt, r.resetAt);
  }
  if (!resetAt) return;
  const minutes = Math.max(1, Math.ceil((resetAt - now) / 60_000));
  const wait = minutes < 120 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${Math.ceil(minutes / 60)} hours`;
  throw new AppError("rate_limited", message(wait), { details: { retryAfterSeconds: minutes * 60 } });
}

/** POSTs from one district link (/join/:token, /manage/:token) that queue email, per hour. */
export const LINK_POSTS_PER_HOUR = 10;

/** Counts a POST from a district's emailed link (keyed by the token's hash, never the token). */
export async function countLinkPost(db: Database, kind: "join" | "manage", tokenHash: string, now: number): Promise<void> {
  await enforceLimits(db, [{ key: `link-post:${kind}:${tokenHash}`, limit: LINK_POSTS_PER_HOUR, windowMs: 3_600_000 }], now,
    (wait) => `This link was used to send changes too many times in the last hour. Try again in ${wait}.`);
}

/** Deletes counters whose window is over; returns how many went. */
export async function purgeOldWindows(db: Database, now: number): Promise<number> {
  const gone = await db.delete(rateLimits).where(lt(rateLimits.windowStart, now - LONGEST_WINDOW_MS)).returning({ key: rateLimits.key });
  return gone.length;
}
