// Links for district contacts (review, manage, join). The token is random and
// goes only into the email; the database keeps its SHA-256. A token that decides
// something is spent with a conditional update, so it works once.
import { and, eq, isNull } from "drizzle-orm";
import type { BatchItem, Database } from "../db/client";
import { accessTokens, type TokenPurpose } from "../db/schema";
import { randomToken, sha256Hex } from "./crypto";

const DAY = 86_400_000;
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  review: 30 * DAY,
  join: 30 * DAY,
  manage: 180 * DAY,
  // A requester confirms their address within a week, or the request lapses.
  request: 7 * DAY,
};

export async function issueToken(
  db: Database,
  purpose: TokenPurpose,
  refs: { invitationId?: string | null; connectionId?: string | null; requestId?: string | null },
  now: number,
  ttlMs = TOKEN_TTL_MS[purpose],
): Promise<{ token: string; tokenHash: string; expiresAt: number; statement: BatchItem }> {
  const token = randomToken();
  const tokenHash = await sha256Hex(token);
  const expiresAt = now + ttlMs;
  const statement = db.insert(accessTokens).values({
    tokenHash, purpose, invitationId: refs.invitationId ?? null, connectionId: refs.connectionId ?? null, requestId: refs.requestId ?? null, createdAt: now, expiresAt,
  });
  return { token, tokenHash, expiresAt, statement };
}

export type TokenRow = typeof accessTokens.$inferSelect;
export type TokenCheck = { ok: true; row: TokenRow } | { ok: false; reason: "unknown" | "expired" | "revoked" | "used" };

/** Looks a token up without changing anything (opening a link never decides). */
export async function checkToken(db: Database, token: string, purpose: TokenPurpose, now: number): Promise<TokenCheck> {
  if (!token || token.length > 200) return { ok: false, reason: "unknown" };
  const row = await db.select().from(accessTokens).where(eq(accessTokens.tokenHash, await sha256Hex(token))).get();
  if (!row || row.purpose !== purpose) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.usedAt) return { ok: false, reason: "used" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, row };
}

/** Spends a token: matches only while unused, so of two racing requests one wins. */
export function spendToken(db: Database, tokenHash: string, now: number) {
  return db
    .update(accessTokens)
    .set({ usedAt: now })
    .where(and(eq(accessTokens.tokenHash, tokenHash), isNull(accessTokens.usedAt), isNull(accessTokens.revokedAt)));
}

export function revokeInvitationTokens(db: Database, invitationId: string, now: number) {
  return db
    .update(accessTokens)
    .set({ revokedAt: now })
    .where(and(eq(accessTokens.invitationId, invitationId), isNull(accessTokens.revokedAt), isNull(accessTokens.usedAt)));
}
