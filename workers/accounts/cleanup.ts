// The accounts part of the cron: rows that can never be used again are
// deleted so the tables stay small: rate-limit counters whose window is over,
// sessions past their expiry, and sign-in links a day after they expired
// (kept a while so support can still see a recent link was spent or stale).
import { lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { loginTokens, sessions } from "../db/schema";
import { purgeOldWindows } from "./rate-limit";

const LINK_KEEP_MS = 24 * 60 * 60 * 1000;

export interface CleanupReport {
  rateLimits: number;
  sessions: number;
  loginTokens: number;
}

export async function purgeExpiredAccountRows(db: Database, _env: unknown, now: number): Promise<CleanupReport> {
  const rateLimits = await purgeOldWindows(db, now);
  const endedSessions = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ userId: sessions.userId });
  const oldLinks = await db.delete(loginTokens).where(lt(loginTokens.expiresAt, now - LINK_KEEP_MS)).returning({ email: loginTokens.email });
  return { rateLimits, sessions: endedSessions.length, loginTokens: oldLinks.length };
}
