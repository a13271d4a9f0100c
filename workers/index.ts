// The Worker entry (wrangler `main`): /api/* to Hono, everything else to Astro
// (after the page body limit), and the cron trigger.
import astro from "@astrojs/cloudflare/entrypoints/server";
import { boundedBody } from "./accounts/hardening";
import api from "./api-worker";
import type { Env } from "./env";

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === "/api" || pathname.startsWith("/api/")) return api.fetch(request, env, ctx);
    // Pages: the body limit counts chunked bodies too, before Astro reads them (Astro middleware cannot swap a request's body).
    const bounded = await boundedBody(request);
    return bounded instanceof Response ? bounded : astro.fetch(bounded, env, ctx);
  },
  scheduled: api.scheduled,
} satisfies ExportedHandler<Env>;
