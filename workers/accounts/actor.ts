// Who is acting: a signed-in user (session cookie) or an integration (API key).
// Every vendor query is scoped by the actor's vendorId and appId.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys, apps, sessions, users, type UserRole } from "../db/schema";
import { sha256Hex } from "../lib/crypto";

export const SESSION_COOKIE = "hr_session";
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often, to keep reads cheap. */
const SESSION_TOUCH_MS = 60 * 60 * 1000;

export interface Actor {
  via: "session" | "api_key";
  userId: string | null;
  email: string | null;
  vendorId: string;
  appId: string;
  /** Where the vendor user lives; API-key actors get UTC. */
  timeZone: string;
}

export interface SessionUser {
  sessionHash: string;
  userId: string;
  email: string;
  name: string;
  role: UserRole;
  vendorId: string | null;
  appId: string | null;
  timeZone: string;
  expiresAt: number;
  /** True when this request slid the expiry forward (the cookie should be re-sent). */
  refreshed: boolean;
}

export async function actorFromApiKey(db: Database, rawKey: string, now: number): Promise<Actor | null> {
  const keyHash = await sha256Hex(rawKey);
  const key = await db
    .select({ id: apiKeys.id, vendorId: apiKeys.vendorId, appId: apiKeys.appId, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .get();
  if (!key) return null;
  if (!key.lastUsedAt || now - key.lastUsedAt > SESSION_TOUCH_MS) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, key.id));
  }
  return { via: "api_key", userId: null, email: null, vendorId: key.vendorId, appId: key.appId, timeZone: "UTC" };
}

export async function sessionUser(db: Database, rawToken: string, now: number): Promise<SessionUser | null> {
  const sessionHash = await sha256Hex(rawToken);
  const row = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      vendorId: users.vendorId,
      timeZone: users.timeZone,
      appId: sessions.appId,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sessionHash), gt(sessions.expiresAt, now)))
    .get();
  if (!row) return null;
  let { expiresAt, appId } = row;
  let refreshed = false;
  if (row.role === "vendor" && row.vendorId && !appId) {
    const first = await db.select({ id: apps.id }).from(apps).where(eq(apps.vendorId, row.vendorId)).orderBy(apps.createdAt).get();
    appId = first?.id ?? null;
  }
  if (now - row.lastSeenAt > SESSION_TOUCH_MS || appId !== row.appId) {
    expiresAt = now + SESSION_TTL_MS;
    refreshed = true;
    await db.update(sessions).set({ lastSeenAt: now, expiresAt, appId }).where(eq(sessions.tokenHash, sessionHash));
  }
  const { lastSeenAt: _seen, ...user } = row;
  return { sessionHash, ...user, appId, expiresAt, refreshed };
}

export function actorOf(user: SessionUser): Actor | null {
  if (user.role !== "vendor" || !user.vendorId || !user.appId) return null;
  return { via: "session", userId: user.userId, email: user.email, vendorId: user.vendorId, appId: user.appId, timeZone: user.timeZone };
}

/** Reads the session cookie value out of a Cookie header. */
export function sessionTokenFrom(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== SESSION_COOKIE) continue;
    // A value that is not valid percent-encoding (hr_session=%E0) is no session, not a 500.
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
  }
  return null;
}
