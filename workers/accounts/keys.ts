// API keys for vendors who integrate from their own systems. A key belongs to
// one app; it is shown once at creation and stored only as its SHA-256, with a
// short prefix so people can tell keys apart. Revoking is immediate.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys } from "../db/schema";
import { newId, randomToken, sha256Hex } from "../lib/crypto";
import { fieldError, notFound } from "../lib/errors";
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

export async function createApiKey(db: Database, owner: Owner, input: { name: string }, now: number): Promise<CreatedApiKey> {
  const name = input.name.trim();
  if (!name) throw fieldError("name", "Name the key, e.g. after the system that will use it");
  if (name.length > KEY_NAME_MAX) throw fieldError("name", `Keep the name under ${KEY_NAME_MAX} characters`);
  const key = `hr_live_${randomToken(24)}`;
  const id = newId();
  const prefix = key.slice(0, PREFIX_LENGTH);
  await db.insert(apiKeys).values({ id, vendorId: owner.vendorId, appId: owner.appId, name, prefix, keyHash: await sha256Hex(key), createdBy: owner.userId, createdAt: now });
  return { id, name, prefix, createdAt: now, lastUsedAt: null, key };
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
