// Page guards: a vendor page without a session redirects to sign-in and back.
import type { AstroGlobal } from "astro";
import type { Actor, SessionUser } from "../../workers/accounts/actor";

export function signInUrl(url: URL): string {
  return `/signin?next=${encodeURIComponent(url.pathname + url.search)}`;
}

/** Returns the actor, or a redirect Response the page must return. */
export function requireVendor(Astro: AstroGlobal): Actor | Response {
  const actor = Astro.locals.actor;
  if (!actor) return Astro.redirect(signInUrl(Astro.url), 303);
  return actor;
}

export function requireStaff(Astro: AstroGlobal): SessionUser | Response {
  const user = Astro.locals.user;
  if (!user) return Astro.redirect(signInUrl(Astro.url), 303);
  if (user.role !== "staff") return new Response("Not found", { status: 404 });
  return user;
}

/** The client's address for rate limits: Astro's view, else Cloudflare's header. */
export function clientAddress(Astro: AstroGlobal): string | null {
  try {
    return Astro.clientAddress;
  } catch {
    return Astro.request.headers.get("cf-connecting-ip");
  }
}
