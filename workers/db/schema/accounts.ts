// Vendors, their apps and users, and everything that proves who is acting:
// sessions, sign-in links and API keys. Secrets are stored only as SHA-256 hashes.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const vendors = sqliteTable("vendors", {
  id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
  name: text("name").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const apps = sqliteTable(
  "apps",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    vendorId: text("vendor_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("apps_vendor_idx").on(t.vendorId)],
);

/** The roster fields an app needs (its schema); see workers/districts/fields.ts. */
export const appFields = sqliteTable(
  "app_fields",
  {
    appId: text("app_id").notNull(),
    field: text("field").notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.field] })],
);

export const USER_ROLES = ["vendor", "staff"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    /** Null for Homeroom staff. */
    vendorId: text("vendor_id"),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    role: text("role", { enum: USER_ROLES }).notNull().default("vendor"),
    timeZone: text("time_zone").notNull().default("America/New_York"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("users_email_idx").on(sql`lower(${t.email})`)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id").notNull(),
    /** The app the user is working on; switched from the header. */
    appId: text("app_id"),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const loginTokens = sqliteTable("login_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  email: text("email").notNull(),
  userId: text("user_id"),
  redirectTo: text("redirect_to").notNull().default("/districts"),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    vendorId: text("vendor_id").notNull(),
    appId: text("app_id").notNull(),
    name: text("name").notNull(),
    /** First characters of the key, shown in lists so users can tell keys apart. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_idx").on(t.keyHash), index("api_keys_vendor_idx").on(t.vendorId)],
);

/** Fixed-window counters for rate limits (sign-in requests, resends). */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});
