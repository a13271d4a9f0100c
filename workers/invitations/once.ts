// Doing a thing once: the API's Idempotency-Key and the invite form's one-time
// nonce share the idempotency_keys table. The claim row is written in the SAME
// batch as the invitation, so either both land or neither does; a second
// request with the same key finds the row and replays the first answer.
import { and, eq } from "drizzle-orm";
import type { BatchItem, Database } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import { sha256Hex } from "../lib/crypto";
import { AppError } from "../lib/errors";

export interface OnceKey {
  scope: string;
  key: string;
  /** Hash of what was asked, so a reused key with a different request is refused. */
  requestHash: string;
}

export interface Replay {
  status: number;
  body: unknown;
}

export const apiScope = (appId: string) => `api:invitations:${appId}`;
/** Per app and user: the same user's nonce in another app is another submission. */
export const formScope = (appId: string, userId: string) => `form:invite:${appId}:${userId}`;

/** The invite form's one-time key: the nonce alone decides "same submission", whatever the fields say. */
export function formOnce(actor: { appId: string; userId: string | null }, nonce: string): OnceKey | undefined {
  return actor.userId && nonce ? { scope: formScope(actor.appId, actor.userId), key: nonce, requestHash: "invite-form" } : undefined;
}

export async function requestHash(value: unknown): Promise<string> {
  return sha256Hex(JSON.stringify(value ?? null));
}

/** The first answer for this key, or null if the key is new. */
export async function findReplay(db: Database, once: OnceKey): Promise<Replay | null> {
  const row = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, once.scope), eq(idempotencyKeys.key, once.key)))
    .get();
  if (!row) return null;
  if (row.requestHash !== once.requestHash) {
    throw new AppError("conflict", "This Idempotency-Key was already used for a different request", { details: { idempotencyKey: once.key } });
  }
  return { status: row.status ?? 200, body: row.body ? (JSON.parse(row.body) as unknown) : null };
}

export function claimStatement(db: Database, once: OnceKey, status: number, body: unknown, now: number): BatchItem {
  return db.insert(idempotencyKeys).values({
    scope: once.scope, key: once.key, requestHash: once.requestHash, status, body: JSON.stringify(body), createdAt: now,
  });
}

/** True when a failed batch failed because this key had already been claimed. */
export function isClaimCollision(err: unknown): boolean {
  return /UNIQUE constraint failed: idempotency_keys/.test(errorText(err));
}

export function isOpenInvitationCollision(err: unknown): boolean {
  return /UNIQUE constraint failed: invitations\.app_id/.test(errorText(err));
}

function errorText(err: unknown): string {
  let s = "";
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) s += ` ${String((e as Error).message ?? e)}`;
  return s;
}
