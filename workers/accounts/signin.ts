// Sign-in by email link. Requesting a link writes a hashed, single-use,
// 15-minute token and its email in one batch; unknown addresses get the same
// answer and no email (no account discovery). Opening the link only reads
// (checkSignInLink); the POST behind its button spends the token and starts a
// session (completeSignIn).
// No account discovery by timing either: known and unknown addresses do the
// same work, one batch whose inserts are guarded by "this address has an
// account" (a token and an email are rendered either way; the rows land only
// for a real account).
// Rate limits: per client, and per address AND client together. Keying the
// per-address limit by the client as well means someone who floods a victim's
// address locks out only themselves, never the victim signing in from
// elsewhere. The price: a sender with many addresses can email one inbox 5
// times per address per 15 minutes; the links are harmless without the inbox,
// and a lockout would be worse. Without a client address (no CF-Connecting-IP)
// the per-address key stands alone.
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { loginTokens, users } from "../db/schema";
import type { Env } from "../env";
import { randomToken, sha256Hex } from "../lib/crypto";
import { AppError, fieldError } from "../lib/errors";
import { safePath } from "../lib/safe-path";
import { renderEmail } from "../email/layout";
import { OUTBOX_COLUMNS, outboxRow } from "../email/outbox";
import { changesOf, insertRowsWhere, runStatements } from "../db/guarded";
import { enforceLimits } from "./rate-limit";
import { createSession, type NewSession } from "./sessions";

export const LINK_TTL_MS = 15 * 60 * 1000;
export const EMAIL_MAX = 254;
const LIMIT_WINDOW_MS = 15 * 60 * 1000;

/** Per 15 minutes. The dev mailbox (local only) allows more, so end-to-end suites can sign in often. */
export function signInLimits(env: Pick<Env, "DEV_MAILBOX">) {
  return env.DEV_MAILBOX === "1" ? { perEmail: 200, perClient: 1000 } : { perEmail: 5, perClient: 30 };
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!email) throw fieldError("email", "Enter your email address");
  if (email.length > EMAIL_MAX || !EMAIL_RE.test(email)) throw fieldError("email", "Enter an email address like name@example.com");
  return email;
}

/** Where to go after signing in: a path on this site (safePath), never back to sign-in or sign-out. */
export function safeNext(next: string | null | undefined): string | null {
  const path = safePath(next);
  if (!path || path.startsWith("/signin") || path.startsWith("/signout")) return null;
  return path;
}

export interface SignInRequest {
  email: string;
  next?: string | null;
  /** CF-Connecting-IP, or null where there is none. */
  client: string | null;
}

/** Returns whether an email was queued (callers must not reveal it). */
export async function requestSignIn(db: Database, env: Env, input: SignInRequest, now: number): Promise<{ queued: boolean }> {
  const email = normalizeEmail(input.email);
  const limits = signInLimits(env);
  const perAddress = { key: `signin:email:${await sha256Hex(email)}:${input.client ?? "-"}`, limit: limits.perEmail, windowMs: LIMIT_WINDOW_MS };
  const perClient = input.client ? [{ key: `signin:client:${input.client}`, limit: limits.perClient, windowMs: LIMIT_WINDOW_MS }] : [];
  await enforceLimits(db, [perAddress, ...perClient], now, (wait) => `Too many sign-in requests for now. Try again in ${wait}.`);
  const token = randomToken();
  const url = `${env.APP_URL.replace(/\/$/, "")}/signin/verify?token=${encodeURIComponent(token)}`;
  const content = renderEmail({
    subject: "Your Homeroom sign-in link",
    heading: "Sign in to Homeroom",
    paragraphs: [
      `Someone, hopefully you, asked to sign in to Homeroom as ${email}. Open the link below and press "Sign in".`,
      "The link works once and stops working after 15 minutes.",
      "If this wasn't you, ignore this email: nobody can sign in without the link.",
    ],
    button: { label: "Sign in to Homeroom", url },
  });
  // The same statements for every address: each insert finds the account itself and writes nothing without one.
  const account = sql`SELECT id FROM users WHERE lower(email) = ${email} LIMIT 1`;
  const mail = outboxRow(env, { ...content, template: "auth.signin", to: [email] }, now);
  const [tokenRow] = await runStatements(db, [
    sql`INSERT INTO login_tokens (token_hash, email, user_id, redirect_to, created_at, expires_at)
        SELECT ${await sha256Hex(token)}, ${email}, u.id, ${safeNext(input.next) ?? ""}, ${now}, ${now + LINK_TTL_MS} FROM (${account}) u`,
    insertRowsWhere(db, "emails", OUTBOX_COLUMNS, [mail], () => sql`EXISTS (${account})`),
  ]);
  return { queued: changesOf(tokenRow) === 1 };
}

/** For the page behind the link: reads, never writes. */
export async function checkSignInLink(db: Database, rawToken: string, now: number): Promise<{ email: string } | null> {
  if (!rawToken || rawToken.length > 200) return null;
  const row = await db
    .select({ email: loginTokens.email })
    .from(loginTokens)
    .where(and(eq(loginTokens.tokenHash, await sha256Hex(rawToken)), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, now)))
    .get();
  return row ?? null;
}

export interface CompletedSignIn extends NewSession {
  email: string;
  redirectTo: string;
}

/** Spends the token (one conditional update, so it works exactly once) and starts a session. */
export async function completeSignIn(db: Database, rawToken: string, now: number): Promise<CompletedSignIn> {
  const spent =
    rawToken && rawToken.length <= 200
      ? await db
          .update(loginTokens)
          .set({ usedAt: now })
          .where(and(eq(loginTokens.tokenHash, await sha256Hex(rawToken)), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, now)))
          .returning({ email: loginTokens.email, userId: loginTokens.userId, redirectTo: loginTokens.redirectTo })
          .get()
      : undefined;
  if (!spent?.userId) throw new AppError("gone", "This sign-in link has expired or was already used. Ask for a new one.");
  const user = await db.select({ id: users.id, vendorId: users.vendorId, role: users.role }).from(users).where(eq(users.id, spent.userId)).get();
  if (!user) throw new AppError("gone", "This account no longer exists.");
  const session = await createSession(db, user, now);
  const home = user.role === "staff" ? "/ops/onboarding" : "/districts";
  return { ...session, email: spent.email, redirectTo: spent.redirectTo || home };
}
