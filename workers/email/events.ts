// Resend's delivery events (delivered, bounced, complained) move a message's
// status forward, found by the id Resend gave it. Events can arrive late, twice
// or out of order: a status only ever moves to a stronger one, never back.
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { emails, type EmailStatus } from "../db/schema";

const EVENT_STATUS: Record<string, EmailStatus> = {
  "email.delivered": "delivered",
  "email.bounced": "bounced",
  "email.complained": "complained",
};

/** Which statuses each event may replace. */
const REPLACES: Record<string, EmailStatus[]> = {
  delivered: ["queued", "sending", "sent"],
  bounced: ["queued", "sending", "sent", "delivered"],
  complained: ["queued", "sending", "sent", "delivered", "bounced"],
};

export interface ResendEvent {
  type: string;
  created_at?: string;
  data?: { email_id?: string; bounce?: { message?: string; type?: string } };
}

export type EventResult = "updated" | "unchanged" | "unknown_email" | "ignored";

export async function applyResendEvent(db: Database, event: ResendEvent, now: number): Promise<EventResult> {
  const status = EVENT_STATUS[event.type];
  if (!status) return "ignored";
  const providerId = event.data?.email_id;
  if (!providerId) return "ignored";
  const note = status === "bounced" ? `Bounced${event.data?.bounce?.message ? `: ${event.data.bounce.message}` : ""}` : status === "complained" ? "The recipient marked it as spam" : null;
  const updated = await db
    .update(emails)
    .set({ status, updatedAt: now, ...(note ? { lastError: note } : {}) })
    .where(and(eq(emails.providerId, providerId), inArray(emails.status, REPLACES[status] ?? [])))
    .returning({ id: emails.id })
    .get();
  if (updated) return "updated";
  const exists = await db.select({ id: emails.id }).from(emails).where(eq(emails.providerId, providerId)).get();
  return exists ? "unchanged" : "unknown_email";
}
