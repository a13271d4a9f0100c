// API keys for vendors who integrate from their own systems. A key belongs to
// one app; it is shown once at creation and stored only as its SHA-256, with a
// short prefix so people can tell keys apart. Revoking is immediate. The
// settings form sends a one-time nonce, claimed in the same batch as the key,
// so a refreshed or doubled POST creates nothing the second time.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys, idempotencyKeys } from "../db/schema";
import { newId, randomToken, sha256Hex } from "../lib/crypto";
import { fieldError, notFound } from "../lib/errors";
import { claimStatement, isClaimCollision } from "../invitations/once";
import type { Actor } from "./actor";

export const KEY_NAME_MAX = 80;
const PREFIX_LENGTH = 12;

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface CreatedApiKey extends ApiKeySummary {
  /** The whole key: shown once, never stored. */
  key: string;
}

type Owner = Pick<Actor, "vendorId" | "appId" | "userId">;

function keyName(raw: string): string {
  const name = raw.trim();
  if (!name) throw fieldError("name", "Name the key, e.g. after the system that will use it");
  if (name.length > KEY_NAME_MAX) throw fieldError("name", `Keep the name under ${KEY_NAME_MAX} characters`);
  return name;
}

async function newKeyRow(owner: Owner, name: string, now: number) {
  const key = `hr_live_${randomToken(24)}`;
  const row = { id: newId(), vendorId: owner.vendorId, appId: owner.appId, name, prefix: key.slice(0, PREFIX_LENGTH), keyHash: await sha256Hex(key), createdBy: owner.userId, createdAt: now };
  const created: CreatedApiKey = { id: row.id, name, prefix: row.prefix, createdAt: now, lastUsedAt: null, key };
  return { row, created };
}

export async function createApiKey(db: Database, owner: Owner, input: { name: string }, now: number): Promise<CreatedApiKey> {
  const { row, created } = await newKeyRow(owner, keyName(input.name), now);
  await db.insert(apiKeys).values(row);
  return created;
}

export const NONCE_MAX = 64;
/** Per user and app: a nonce from one app's settings page never answers for another app's. */
const formScope = (owner: Owner) => `form:api-key:${owner.appId}:${owner.userId ?? "api"}`;

/**
 * The settings form's create: the nonce is claimed in the same batch as the key.
 * A nonce already used creates nothing and answers `{ replayed }` with the name
 * of the key it made then (its value was shown once and is not kept).
 */
export async function createApiKeyOnce(
  db: Database, owner: Owner, input: { name: string; nonce: string }, now: number,
): Promise<{ created: CreatedApiKey } | { replayed: { name: string } }> {
  const nonce = input.nonce.trim();
  if (!nonce || nonce.length > NONCE_MAX) return { created: await createApiKey(db, owner, input, now) };
  const once = { scope: formScope(owner), key: nonce, requestHash: "" };
  const earlier = () => db.select({ body: idempotencyKeys.body }).from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, once.scope), eq(idempotencyKeys.key, nonce))).get();
  const replayOf = (body: string | null | undefined) => ({ replayed: { name: (JSON.parse(body ?? "{}") as { name?: string }).name ?? "" } });
  const seen = await earlier();
  if (seen) return replayOf(seen.body);
  const { row, created } = await newKeyRow(owner, keyName(input.name), now);
  try {
    await db.batch([db.insert(apiKeys).values(row), claimStatement(db, once, 201, { id: row.id, name: row.name }, now)]);
  } catch (err) {
    // A double-click's twin claimed the nonce first: its key is the one.
    if (isClaimCollision(err)) return replayOf((await earlier())?.body);
    throw err;
  }
  return { created };
}

/** The acting app's keys that still work, newest first. */
export function listApiKeys(db: Database, owner: Owner): Promise<ApiKeySummary[]> {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.vendorId, owner.vendorId), eq(apiKeys.appId, owner.appId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
}

/** Another app's or vendor's key, or one already revoked, is a 404. */
export async function revokeApiKey(db: Database, owner: Owner, id: string, now: number): Promise<void> {
  const done = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.vendorId, owner.vendorId), eq(apiKeys.appId, owner.appId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id })
    .get();
  if (!done) throw notFound("API key");
}
