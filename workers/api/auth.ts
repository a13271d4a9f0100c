// /api/auth: sign-in by email link for API clients and scripts (the website
// uses /signin, which calls the same functions), sign-out, and "who am I".
// Requesting a link answers 202 whether or not the address has an account.
import { createRoute, z } from "@hono/zod-openapi";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../accounts/actor";
import { endSession, sessionCookieOptions } from "../accounts/sessions";
import { completeSignIn, EMAIL_MAX, requestSignIn } from "../accounts/signin";
import { deliverSoon } from "../email/deliver";
import { createRouter, jsonContent, errorResponses, ErrorSchema, nowOf, requireActor } from "./router";

const json = jsonContent;
const Accepted = z.object({ message: z.string() }).openapi("SignInRequested");
const Me = z
  .object({ via: z.enum(["session", "api_key"]), email: z.string().nullable(), vendorId: z.string(), appId: z.string(), timeZone: z.string() })
  .openapi("Actor");

const requestLinkRoute = createRoute({
  method: "post",
  path: "/signin-link",
  tags: ["Account"],
  summary: "Email a one-time sign-in link (15 minutes, single use)",
  description: "Always 202, known address or not. Rate limited per address and per client.",
  security: [],
  request: {
    body: {
      content: { "application/json": { schema: z.object({ email: z.string().max(EMAIL_MAX).openapi({ example: "demo@homeroom.test" }), next: z.string().max(500).optional() }) } },
      required: true,
    },
  },
  responses: { 202: json(Accepted, "If the address has an account, a link is on its way"), 400: errorResponses[400], 429: json(ErrorSchema, "Too many requests") },
});

const sessionRoute = createRoute({
  method: "post",
  path: "/session",
  tags: ["Account"],
  summary: "Spend a sign-in token and start a session (sets the hr_session cookie)",
  security: [],
  request: { body: { content: { "application/json": { schema: z.object({ token: z.string().min(1).max(200) }) } }, required: true } },
  responses: {
    200: json(z.object({ email: z.string(), redirectTo: z.string(), expiresAt: z.string() }), "Signed in"),
    400: errorResponses[400],
    410: json(ErrorSchema, "The token expired or was already used"),
  },
});

const signOutRoute = createRoute({
  method: "delete",
  path: "/session",
  tags: ["Account"],
  summary: "Sign out: end this session",
  security: [],
  responses: { 204: { description: "Signed out (or was not signed in)" } },
});

const meRoute = createRoute({
  method: "get",
  path: "/me",
  tags: ["Account"],
  summary: "Who is acting: the vendor and app behind this session or key",
  middleware: [requireActor] as const,
  responses: { 200: json(Me, "The acting vendor and app"), 401: errorResponses[401] },
});

export const authRoutes = createRouter()
  .openapi(requestLinkRoute, async (c) => {
    const db = c.get("db");
    const now = nowOf(c);
    const body = c.req.valid("json");
    // Over a limit, the error handler answers 429 with Retry-After.
    await requestSignIn(db, c.env, { email: body.email, next: body.next, client: c.req.header("cf-connecting-ip") ?? null }, now);
    deliverSoon(db, c.env, c.executionCtx, now);
    return c.json({ message: "If that address has a Homeroom account, a sign-in link is on its way." }, 202);
  })
  .openapi(sessionRoute, async (c) => {
    const done = await completeSignIn(c.get("db"), c.req.valid("json").token, nowOf(c));
    const url = new URL(c.req.url);
    const opts = sessionCookieOptions(url, done.expiresAt);
    setCookie(c, SESSION_COOKIE, done.token, { ...opts, sameSite: "Lax" });
    return c.json({ email: done.email, redirectTo: done.redirectTo, expiresAt: new Date(done.expiresAt).toISOString() }, 200);
  })
  .openapi(signOutRoute, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await endSession(c.get("db"), token);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  })
  .openapi(meRoute, (c) => {
    const a = c.get("actor");
    return c.json({ via: a.via, email: a.email, vendorId: a.vendorId, appId: a.appId, timeZone: a.timeZone }, 200);
  });
