// Account test helpers: read the sign-in link out of the queued email, and
// call the API with a session cookie as a same-origin browser would.
import { and, desc, eq } from "drizzle-orm";
import { emails } from "../../workers/db/schema";
import { db } from "../support/fixtures";

export async function signInTokenFor(email: string): Promise<string> {
  const row = await db().select({ text: emails.text }).from(emails).where(and(eq(emails.template, "auth.signin"), eq(emails.to, JSON.stringify([email])))).orderBy(desc(emails.createdAt)).get();
  const m = row && /\/signin\/verify\?token=(\S+)/.exec(row.text);
  if (!m?.[1]) throw new Error(`no sign-in email for ${email}`);
  return decodeURIComponent(m[1]);
}

export const cookieHeaders = (token: string, extra: Record<string, string> = {}) => ({ cookie: `hr_session=${token}`, ...extra });
