// Outbox test helpers: write messages the way domain code does (queueEmail in
// a batch) and read them back.
import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { emails } from "../../workers/db/schema";
import { renderEmail } from "../../workers/email/layout";
import { queueEmail } from "../../workers/email/outbox";
import { db, uniq } from "../support/fixtures";

export async function queueMessages(count: number, now: number, opts: { to?: (i: number) => string; cc?: string[] } = {}): Promise<string[]> {
  const d = db();
  const ids: string[] = [];
  const statements = [];
  for (let i = 0; i < count; i++) {
    const rendered = renderEmail({ subject: `Test message ${i} ${uniq()}`, heading: "Hello", paragraphs: ["A test message from the outbox."] });
    const q = queueEmail(d, env, { ...rendered, template: "test.message", to: [opts.to?.(i) ?? `person-${i}-${uniq()}@district.test`], cc: opts.cc }, now);
    ids.push(q.id);
    statements.push(q.statement);
  }
  // D1 batches stay small enough for any limit.
  for (let i = 0; i < statements.length; i += 50) {
    const [first, ...rest] = statements.slice(i, i + 50);
    if (first) await d.batch([first, ...rest]);
  }
  return ids;
}

export async function messages(ids: string[]) {
  const rows = [];
  for (let i = 0; i < ids.length; i += 90) rows.push(...(await db().select().from(emails).where(inArray(emails.id, ids.slice(i, i + 90)))));
  return rows;
}

export async function message(id: string) {
  const row = await db().select().from(emails).where(eq(emails.id, id)).get();
  if (!row) throw new Error(`no email ${id}`);
  return row;
}
