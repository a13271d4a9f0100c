// Every page request: read the session cookie once and put the user on
// Astro.locals (pages that need a vendor call requireVendor in src/lib/guard.ts),
// re-send the cookie when its expiry slid forward, and add security headers
// (PAGE_CSP allows scripts from this site only; HSTS on https). The body size
// limit runs before this, in the Worker entry (boundedBody), because a chunked
// body must be counted before Astro reads it. Cross-site form posts are
// refused by Astro's checkOrigin.
import { defineMiddleware } from "astro:middleware";
import { env } from "cloudflare:workers";
import { actorOf, SESSION_COOKIE, sessionUser } from "../workers/accounts/actor";
import { applySecurityHeaders, PAGE_CSP } from "../workers/accounts/hardening";
import { sessionCookieOptions } from "../workers/accounts/sessions";
import { getDb } from "../workers/db/client";

export const onRequest = defineMiddleware(async (context, next) => {
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  const user = token ? await sessionUser(getDb(env.DB), token, Date.now()) : null;
  context.locals.user = user;
  context.locals.actor = user ? actorOf(user) : null;
  if (token && !user) context.cookies.delete(SESSION_COOKIE, { path: "/" });
  if (token && user?.refreshed) context.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(context.url, user.expiresAt));

  const response = await next();
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("text/html")) {
    try {
      applySecurityHeaders(response.headers, PAGE_CSP, context.url);
    } catch {
      /* immutable headers (e.g. a static asset passed through): leave them */
    }
    return response;
  }
  const headers = new Headers(response.headers);
  applySecurityHeaders(headers, PAGE_CSP, context.url);
  // Pages show per-user data: never cache them in shared caches.
  if (!headers.has("cache-control")) headers.set("cache-control", "private, no-store");
  // No statusText: Astro leaves "OK" there even when a page sets a 400 or 429.
  return new Response(response.body, { status: response.status, headers });
});
