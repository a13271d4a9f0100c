// Invitations from an app to a district, their timeline, the single-purpose
// tokens that district contacts use, and the onboarding of Off-Homeroom districts.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const INVITATION_KINDS = ["connect", "onboarding"] as const;
export type InvitationKind = (typeof INVITATION_KINDS)[number];
export const INVITATION_STATUSES = ["pending", "approved", "rejected", "revoked", "expired"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    appId: text("app_id").notNull(),
    vendorId: text("vendor_id").notNull(),
    districtId: text("district_id").notNull(),
    kind: text("kind", { enum: INVITATION_KINDS }).notNull(),
    status: text("status", { enum: INVITATION_STATUSES }).notNull().default("pending"),
    message: text("message").notNull(),
    contactName: text("contact_name").notNull(),
    contactEmail: text("contact_email").notNull(),
    /** Onboarding invitations: the curriculum contact's role. */
    contactRole: text("contact_role"),
    /** JSON array of additional contact emails. */
    additionalEmails: text("additional_emails").notNull().default("[]"),
    /** Calendar date in the district's time zone, YYYY-MM-DD. */
    launchDate: text("launch_date"),
    /** What the vendor proposes to share: all schools, chosen schools, chosen sections, or nothing suggested. */
    shareMode: text("share_mode", { enum: ["all", "schools", "sections", "none"] }).notNull().default("all"),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    decidedAt: integer("decided_at"),
    decisionReason: text("decision_reason"),
    connectionId: text("connection_id"),
    reminderSentAt: integer("reminder_sent_at"),
  },
  (t) => [
    // One open invitation per app and district.
    uniqueIndex("invitations_open_idx").on(t.appId, t.districtId).where(sql`status = 'pending'`),
    index("invitations_app_idx").on(t.appId, t.status, t.createdAt),
    index("invitations_expiry_idx").on(t.status, t.expiresAt),
  ],
);

export const invitationSchools = sqliteTable(
  "invitation_schools",
  {
    invitationId: text("invitation_id").notNull(),
    schoolId: text("school_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.invitationId, t.schoolId] })],
);

export const invitationSections = sqliteTable(
  "invitation_sections",
  {
    invitationId: text("invitation_id").notNull(),
    sectionId: text("section_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.invitationId, t.sectionId] })],
);

export const invitationEvents = sqliteTable(
  "invitation_events",
  {
    id: text("id").primaryKey(),
    invitationId: text("invitation_id").notNull(),
    at: integer("at").notNull(),
    /** created, resent, revoked, expired, approved, rejected, reminded, onboarded, launched, rescheduled, sharing_changed ... */
    type: text("type").notNull(),
    /** Who: "vendor:<userId>", "district", "staff:<userId>", "system". */
    actor: text("actor").notNull(),
    detail: text("detail").notNull().default(""),
  },
  (t) => [index("invitation_events_inv_idx").on(t.invitationId, t.at)],
);

export const TOKEN_PURPOSES = ["review", "manage", "join", "request"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** Links sent to district contacts. Only the SHA-256 of the token is kept. */
export const accessTokens = sqliteTable(
  "access_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    purpose: text("purpose", { enum: TOKEN_PURPOSES }).notNull(),
    invitationId: text("invitation_id"),
    connectionId: text("connection_id"),
    /** For "request" links: the inbound request being confirmed. */
    requestId: text("request_id"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("access_tokens_inv_idx").on(t.invitationId), index("access_tokens_conn_idx").on(t.connectionId)],
);

export const ONBOARDING_STATUSES = ["new", "contacted", "onboarded", "declined"] as const;
export type OnboardingStatus = (typeof ONBOARDING_STATUSES)[number];

export const onboardings = sqliteTable(
  "onboardings",
  {
    id: text("id").primaryKey(),
    invitationId: text("invitation_id").notNull(),
    districtId: text("district_id").notNull(),
    status: text("status", { enum: ONBOARDING_STATUSES }).notNull().default("new"),
    districtName: text("district_name").notNull(),
    districtState: text("district_state").notNull(),
    districtWebsite: text("district_website").notNull().default(""),
    districtPhone: text("district_phone").notNull().default(""),
    contactName: text("contact_name").notNull(),
    contactEmail: text("contact_email").notNull(),
    contactRole: text("contact_role").notNull(),
    /** When the contact confirmed the district and their details at /join/:token. */
    contactConfirmedAt: integer("contact_confirmed_at"),
    notes: text("notes").notNull().default(""),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("onboardings_invitation_idx").on(t.invitationId), index("onboardings_status_idx").on(t.status)],
);

/** Replays of POSTs carrying an Idempotency-Key header, and one-time form nonces. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status"),
    body: text("body"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
