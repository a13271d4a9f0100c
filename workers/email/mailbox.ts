// The dev mailbox: with no RESEND_API_KEY and DEV_MAILBOX=1, delivery marks
// messages sent without calling anyone, and /dev/mail shows the outbox itself.
// Never reachable in production: the pages 404 unless DEV_MAILBOX is "1".
import { desc } from "drizzle-orm";
import type { Database } from "../db/client";
import { emails } from "../db/schema";
import type { Env } from "../env";
import { outbound } from "./deliver";
import type { OutboundMessage } from "./resend";

export interface DevMail extends OutboundMessage {
  id: string;
  template: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

export const devMailboxEnabled = (env: Pick<Env, "DEV_MAILBOX">) => env.DEV_MAILBOX === "1";

/** Every message in the outbox, newest first. */
export async function listMailbox(db: Database, limit = 200): Promise<DevMail[]> {
  const rows = await db.select().from(emails).orderBy(desc(emails.createdAt), desc(emails.id)).limit(limit);
  return rows.map((r) => ({
    ...outbound(r),
    id: r.id,
    template: r.template,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
  }));
}
