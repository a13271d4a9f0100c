// Fixed-window counters in D1 (rate_limits), shared by every isolate: sign-in
// requests per email and per client address, and the pace of calls to Resend.
// One upsert per hit: the counter resets itself when a new window starts, and
// the cron deletes rows whose window ended long ago (purgeOldWindows).
import { lt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { rateLimits } from "../db/schema";

export interface LimitResult {
  allowed: boolean;
  count: number;
  /** When the current window ends (ms since epoch). */
  resetAt: number;
}

/** No limit uses a longer window, so a row whose window began earlier than this is over. */
export const LONGEST_WINDOW_MS = 60 * 60 * 1000;

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

/** Deletes counters whose window is over; returns how many went. */
export async function purgeOldWindows(db: Database, now: number): Promise<number> {
  const gone = await db.delete(rateLimits).where(lt(rateLimits.windowStart, now - LONGEST_WINDOW_MS)).returning({ key: rateLimits.key });
  return gone.length;
}
