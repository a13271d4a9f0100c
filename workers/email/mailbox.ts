// The dev mailbox: with no RESEND_API_KEY and DEV_MAILBOX=1, delivery marks
// messages sent without calling anyone, and /dev/mail shows the outbox itself.
// Never reachable in production: the pages 404 unless DEV_MAILBOX is "1".
// Each message also lists its links, and its HTML preview opens links in the
// whole tab: our pages refuse to be framed (frame-ancestors 'none').
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
  /** Every http(s) link in the plain text, in order. */
  links: string[];
}

export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
}

/** The message HTML for a sandboxed srcdoc preview: links leave the frame for the tab. */
export function previewHtml(html: string): string {
  const base = '<base target="_top">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => m + base) : html.replace(/<html[^>]*>/i, (m) => `${m}<head>${base}</head>`);
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
    links: linksIn(r.text),
  }));
}
