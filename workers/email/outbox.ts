// Writing email: callers put the returned statement in the same db.batch as the
// state change that causes the message, so both land or neither does.
import type { BatchItem, Database } from "../db/client";
import { emails } from "../db/schema";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import type { RenderedEmail } from "./layout";

export interface OutgoingEmail extends RenderedEmail {
  template: string;
  to: string[];
  cc?: string[];
  replyTo?: string | null;
  vendorId?: string | null;
  invitationId?: string | null;
  connectionId?: string | null;
}

/** Lowercased, trimmed, duplicates dropped, order kept. */
export function uniqueAddresses(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    const a = raw.trim().toLowerCase();
    if (a && !seen.has(a)) {
      seen.add(a);
      out.push(a);
    }
  }
  return out;
}

export function queueEmail(db: Database, env: Pick<Env, "EMAIL_FROM">, email: OutgoingEmail, now: number): { id: string; statement: BatchItem } {
  const id = newId();
  const to = uniqueAddresses(email.to);
  const cc = uniqueAddresses(email.cc ?? []).filter((a) => !to.includes(a));
  const statement = db.insert(emails).values({
    id,
    template: email.template,
    fromAddress: env.EMAIL_FROM,
    to: JSON.stringify(to),
    cc: JSON.stringify(cc),
    replyTo: email.replyTo ?? null,
    subject: email.subject,
    html: email.html,
    text: email.text,
    status: "queued",
    attempts: 0,
    nextAttemptAt: now,
    idempotencyKey: `homeroom-${id}`,
    vendorId: email.vendorId ?? null,
    invitationId: email.invitationId ?? null,
    connectionId: email.connectionId ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return { id, statement };
}

/** The outbox's column names, for bulk inserts of many messages in one statement (see outboxRow). */
export const OUTBOX_COLUMNS = [
  "id", "template", "from_address", "to_addresses", "cc_addresses", "reply_to", "subject", "html", "text", "status",
  "attempts", "next_attempt_at", "idempotency_key", "vendor_id", "invitation_id", "connection_id", "created_at", "updated_at",
] as const;

/**
 * One queued message as a row keyed by column name: the same values queueEmail
 * writes, for callers that insert hundreds of messages with one statement
 * (e.g. `INSERT ... SELECT ... FROM json_each(?)` in the launch job).
 */
export function outboxRow(env: Pick<Env, "EMAIL_FROM">, email: OutgoingEmail, now: number): Record<(typeof OUTBOX_COLUMNS)[number], string | number | null> {
  const id = newId();
  const to = uniqueAddresses(email.to);
  const cc = uniqueAddresses(email.cc ?? []).filter((a) => !to.includes(a));
  return {
    id, template: email.template, from_address: env.EMAIL_FROM, to_addresses: JSON.stringify(to), cc_addresses: JSON.stringify(cc),
    reply_to: email.replyTo ?? null, subject: email.subject, html: email.html, text: email.text, status: "queued",
    attempts: 0, next_attempt_at: now, idempotency_key: `homeroom-${id}`, vendor_id: email.vendorId ?? null,
    invitation_id: email.invitationId ?? null, connection_id: email.connectionId ?? null, created_at: now, updated_at: now,
  };
}
