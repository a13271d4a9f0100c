// Guards sign-in by email link: one-time hashed tokens, a link that only reads
// until the POST, the same answer for unknown addresses, sessions that expire,
// slide and end, and rate limits on link requests. Also: an unknown address
// costs the same database work as a known one (no discovery by timing), and
// flooding someone's address from one client does not lock them out elsewhere.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessionUser } from "../../workers/accounts/actor";
import { checkSignInLink, completeSignIn, requestSignIn } from "../../workers/accounts/signin";
import { env } from "cloudflare:workers";
import { getDb } from "../../workers/db/client";
import { emails, loginTokens, sessions } from "../../workers/db/schema";
import { sha256Hex } from "../../workers/lib/crypto";
import { api, createVendor, db, uniq } from "../support/fixtures";
import { cookieHeaders, signInTokenFor } from "./helpers";

const requestLink = (email: string, headers: Record<string, string> = {}) =>
  api("/api/auth/signin-link", { method: "POST", json: { email, next: "/districts/invited" }, headers });

describe("sign-in by email link", () => {
  it("emails a link whose page changes nothing until the POST signs in", async () => {
    const v = await createVendor();
    const res = await requestLink(v.email.toUpperCase());
    expect(res.status).toBe(202);
    const token = await signInTokenFor(v.email);
    expect(token.length).toBeGreaterThanOrEqual(22); // >= 128 bits of base64url
    // Stored only as a hash.
    expect(await db().select().from(loginTokens).where(eq(loginTokens.tokenHash, token)).get()).toBeUndefined();
    const stored = await db().select().from(loginTokens).where(eq(loginTokens.tokenHash, await sha256Hex(token))).get();
    expect(stored).toMatchObject({ email: v.email, usedAt: null, redirectTo: "/districts/invited" });
    expect(stored!.expiresAt - stored!.createdAt).toBe(15 * 60 * 1000);

    // Opening the link (what a mail scanner does) only reads.
    const sessionsBefore = (await db().select().from(sessions).where(eq(sessions.userId, v.userId))).length;
    expect(await checkSignInLink(db(), token, Date.now())).toEqual({ email: v.email });
    expect(await checkSignInLink(db(), token, Date.now())).toEqual({ email: v.email });
    expect((await db().select().from(loginTokens).where(eq(loginTokens.tokenHash, await sha256Hex(token))).get())!.usedAt).toBeNull();
    expect((await db().select().from(sessions).where(eq(sessions.userId, v.userId))).length).toBe(sessionsBefore);

    const signIn = await api("/api/auth/session", { method: "POST", json: { token } });
    expect(signIn.status).toBe(200);
    expect(await signIn.json()).toMatchObject({ email: v.email, redirectTo: "/districts/invited" });
    const cookie = signIn.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^hr_session=[\w-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Secure"); // http://homeroom.test is not localhost
    const session = /^hr_session=([^;]+)/.exec(cookie)![1]!;
    const me = await api("/api/auth/me", { headers: cookieHeaders(session) });
    expect(await me.json()).toMatchObject({ via: "session", email: v.email, vendorId: v.vendorId, appId: v.appId });
    expect(await db().select().from(sessions).where(eq(sessions.tokenHash, session)).get()).toBeUndefined();
  });

  it("gives unknown addresses the same answer and sends nothing", async () => {
    const v = await createVendor();
    const known = await requestLink(v.email);
    const nobody = `nobody-${uniq()}@nowhere.test`;
    const unknown = await requestLink(nobody);
    expect(unknown.status).toBe(known.status);
    expect(await unknown.json()).toEqual(await known.json());
    expect(await db().select().from(emails).where(eq(emails.to, JSON.stringify([nobody])))).toHaveLength(0);
    expect(await db().select().from(loginTokens).where(eq(loginTokens.email, nobody))).toHaveLength(0);
  });

  it("works once: a reused link is refused and starts no second session", async () => {
    const v = await createVendor();
    await requestLink(v.email);
    const token = await signInTokenFor(v.email);
    expect((await api("/api/auth/session", { method: "POST", json: { token } })).status).toBe(200);
    const count = (await db().select().from(sessions).where(eq(sessions.userId, v.userId))).length;
    const again = await api("/api/auth/session", { method: "POST", json: { token } });
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: { code: "gone" } });
    expect(await checkSignInLink(db(), token, Date.now())).toBeNull();
    expect((await db().select().from(sessions).where(eq(sessions.userId, v.userId))).length).toBe(count);
  });

  it("refuses a link after 15 minutes and a tampered token", async () => {
    const v = await createVendor();
    await requestLink(v.email);
    const token = await signInTokenFor(v.email);
    const tampered = (token[0] === "A" ? "B" : "A") + token.slice(1);
    expect((await api("/api/auth/session", { method: "POST", json: { token: tampered } })).status).toBe(410);
    await expect(completeSignIn(db(), token, Date.now() + 15 * 60 * 1000 + 1)).rejects.toMatchObject({ code: "gone" });
    expect(await checkSignInLink(db(), token, Date.now() + 16 * 60 * 1000)).toBeNull();
    // Still unused, so it works inside its window.
    expect((await completeSignIn(db(), token, Date.now())).email).toBe(v.email);
  });

  it("validates the address and names the field", async () => {
    const res = await requestLink("not-an-email");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "validation_failed", fields: { email: expect.any(String) } } });
  });
});

describe("sessions", () => {
  it("expire, slide forward when used, and end on sign-out", async () => {
    const now = Date.now();
    const v = await createVendor({ now });
    // The fixture session lasts a day: used two hours later, it slides to 14 days from then.
    const later = now + 2 * 3600_000;
    const slid = await sessionUser(db(), v.sessionToken, later);
    expect(slid?.refreshed).toBe(true);
    expect(slid?.expiresAt).toBe(later + 14 * 86_400_000);
    expect(await sessionUser(db(), v.sessionToken, later + 15 * 86_400_000)).toBeNull();

    const out = await api("/api/auth/session", { method: "DELETE", headers: cookieHeaders(v.sessionToken) });
    expect(out.status).toBe(204);
    expect(await db().select().from(sessions).where(eq(sessions.userId, v.userId))).toHaveLength(0);
    const me = await api("/api/auth/me", { headers: cookieHeaders(v.sessionToken) });
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("treats a cookie that is not valid percent-encoding as no session (401, not 500)", async () => {
    for (const cookie of ["hr_session=%E0", "hr_session=%", "other=1; hr_session=%E0%A4%A"]) {
      const res = await api("/api/auth/me", { headers: { cookie } });
      expect(res.status, cookie).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });

  it("answers 401 for an expired session", async () => {
    const v = await createVendor();
    await db().update(sessions).set({ expiresAt: Date.now() - 1 }).where(eq(sessions.userId, v.userId));
    expect((await api("/api/auth/me", { headers: cookieHeaders(v.sessionToken) })).status).toBe(401);
  });
});

describe("rate limits on link requests", () => {
  it("allows 5 requests per address in 15 minutes, then 429", async () => {
    const v = await createVendor();
    const ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 5; i++) expect((await requestLink(v.email, { "cf-connecting-ip": ip })).status).toBe(202);
    const sixth = await requestLink(v.email, { "cf-connecting-ip": ip });
    expect(sixth.status).toBe(429);
    const body = (await sixth.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    // Says when to come back, in words and in Retry-After (the window is 15 minutes).
    const minutes = Number(/Try again in (\d+) minutes?\./.exec(body.error.message)?.[1]);
    expect(minutes).toBeGreaterThanOrEqual(1);
    expect(minutes).toBeLessThanOrEqual(15);
    expect(Number(sixth.headers.get("retry-after"))).toBe(minutes * 60);
    expect(await db().select().from(loginTokens).where(eq(loginTokens.email, v.email))).toHaveLength(5);
  });

  it("allows 30 requests per client address, whatever the emails", async () => {
    const ip = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 30; i++) expect((await requestLink(`probe-${i}-${uniq()}@nowhere.test`, { "cf-connecting-ip": ip })).status).toBe(202);
    expect((await requestLink(`probe-last-${uniq()}@nowhere.test`, { "cf-connecting-ip": ip })).status).toBe(429);
    // Another address is not held back by this one.
    expect((await requestLink(`probe-other-${uniq()}@nowhere.test`, { "cf-connecting-ip": `${ip}9` })).status).toBe(202);
  });

  it("keys the per-address limit by client too: a flood from one client does not lock the owner out elsewhere", async () => {
    const v = await createVendor();
    const attacker = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 5; i++) expect((await requestLink(v.email, { "cf-connecting-ip": attacker })).status).toBe(202);
    expect((await requestLink(v.email, { "cf-connecting-ip": attacker })).status).toBe(429);
    const owner = await requestLink(v.email, { "cf-connecting-ip": `${attacker}7` });
    expect(owner.status).toBe(202);
    expect(await db().select().from(loginTokens).where(eq(loginTokens.email, v.email))).toHaveLength(6);
  });
});

describe("no account discovery by timing", () => {
  /** The SQL a sign-in request sends to D1, in order (statement text only, no values). */
  async function statementsFor(email: string): Promise<string[]> {
    const seen: string[] = [];
    const d1 = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare") return (q: string) => (seen.push(q.replace(/\s+/g, " ")), target.prepare(q));
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    await requestSignIn(getDb(d1), env, { email, client: `10.3.0.${Math.floor(Math.random() * 250)}` }, Date.now());
    return seen;
  }

  it("sends the same statements for an unknown address as for a known one, and writes only for the known", async () => {
    const v = await createVendor();
    const nobody = `nobody-${uniq()}@nowhere.test`;
    const known = await statementsFor(v.email);
    const unknown = await statementsFor(nobody);
    expect(unknown).toEqual(known);
    expect(known.some((q) => /insert into "?login_tokens/i.test(q))).toBe(true);
    expect(await db().select().from(loginTokens).where(eq(loginTokens.email, v.email))).toHaveLength(1);
    expect(await db().select().from(loginTokens).where(eq(loginTokens.email, nobody))).toHaveLength(0);
    expect(await db().select().from(emails).where(eq(emails.to, JSON.stringify([nobody])))).toHaveLength(0);
    expect(await db().select().from(emails).where(eq(emails.to, JSON.stringify([v.email])))).toHaveLength(1);
  });
});
