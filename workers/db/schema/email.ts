// The email outbox: every message is written here in the same D1 batch as the
// state change that causes it, then delivered (and retried) from here.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const EMAIL_STATUSES = ["queued", "sending", "sent", "delivered", "bounced", "complained", "failed"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const emails = sqliteTable(
  "emails",
  {
    id: text("id").primaryKey(),
    /** Template name, e.g. "invitation.connect". */
    template: text("template").notNull(),
    fromAddress: text("from_address").notNull(),
    /** JSON arrays of addresses. */
    to: text("to_addresses").notNull(),
    cc: text("cc_addresses").notNull().default("[]"),
    replyTo: text("reply_to"),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    status: text("status", { enum: EMAIL_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    /** Set while a delivery run holds the message, so overlapping runs skip it. */
    lockedUntil: integer("locked_until"),
    lastError: text("last_error"),
    providerId: text("provider_id"),
    /** Sent as Resend's Idempotency-Key on every attempt, so a retry never doubles a message. */
    idempotencyKey: text("idempotency_key").notNull(),
    /**
     * Set when the message first goes out in a Resend batch: the batch's own
     * Idempotency-Key. A retried batch is re-sent with exactly the same members
     * and key, so Resend can never send one of them twice.
     */
    batchKey: text("batch_key"),
    vendorId: text("vendor_id"),
    invitationId: text("invitation_id"),
    connectionId: text("connection_id"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("emails_due_idx").on(t.status, t.nextAttemptAt),
    index("emails_invitation_idx").on(t.invitationId),
    uniqueIndex("emails_provider_idx").on(t.providerId),
  ],
);
