// Reads the session cookie once per request and puts the user on Astro.locals.
// Pages that need a vendor call requireVendor (src/lib/guard.ts).
import { defineMiddleware } from "astro:middleware";
import { env } from "cloudflare:workers";
import { actorOf, SESSION_COOKIE, sessionUser } from "../workers/accounts/actor";
import { getDb } from "../workers/db/client";

export const onRequest = defineMiddleware(async (context, next) => {
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  const user = token ? await sessionUser(getDb(env.DB), token, Date.now()) : null;
  context.locals.user = user;
  context.locals.actor = user ? actorOf(user) : null;
  const response = await next();
  return response;
});
