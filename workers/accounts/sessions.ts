// Sessions: created by a completed sign-in, ended by sign-out, and pointed at
// one of the vendor's apps (the app switcher). Only token hashes are stored;
// actor.ts reads them back on every request and slides their expiry.
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { apps, sessions } from "../db/schema";
import { randomToken, sha256Hex } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { SESSION_TTL_MS } from "./actor";

export interface NewSession {
  token: string;
  expiresAt: number;
}

/** The vendor's apps, oldest first (the first is the default one). */
export function appsOf(db: Database, vendorId: string) {
  return db.select({ id: apps.id, name: apps.name }).from(apps).where(eq(apps.vendorId, vendorId)).orderBy(asc(apps.createdAt), asc(apps.id));
}

export async function createSession(db: Database, user: { id: string; vendorId: string | null }, now: number): Promise<NewSession> {
  const token = randomToken();
  const first = user.vendorId ? (await appsOf(db, user.vendorId).limit(1))[0] : undefined;
  const expiresAt = now + SESSION_TTL_MS;
  await db.insert(sessions).values({ tokenHash: await sha256Hex(token), userId: user.id, appId: first?.id ?? null, createdAt: now, lastSeenAt: now, expiresAt });
  return { token, expiresAt };
}

export async function endSession(db: Database, rawToken: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(rawToken)));
}

/** Points the session at another of the vendor's own apps; any other id is a 404. */
export async function switchApp(db: Database, input: { sessionHash: string; vendorId: string; appId: string }): Promise<{ id: string; name: string }> {
  const app = await db
    .select({ id: apps.id, name: apps.name })
    .from(apps)
    .where(and(eq(apps.id, input.appId), eq(apps.vendorId, input.vendorId)))
    .get();
  if (!app) throw new AppError("not_found", "App not found");
  await db.update(sessions).set({ appId: app.id }).where(eq(sessions.tokenHash, input.sessionHash));
  return app;
}

/**
 * Secure on every host but this machine's (local development), whatever the
 * scheme the Worker sees: a proxy or a misconfigured route that hands us
 * http:// for a real host must not make the session cookie travel in clear.
 */
export function cookieIsSecure(url: URL): boolean {
  return !(url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]");
}

export function sessionCookieOptions(url: URL, expiresAt: number) {
  return { path: "/", httpOnly: true, sameSite: "lax" as const, secure: cookieIsSecure(url), expires: new Date(expiresAt) };
}
