// The Worker entry (wrangler `main`): /api/* to Hono, everything else to Astro,
// and the cron trigger.
import astro from "@astrojs/cloudflare/entrypoints/server";
import api from "./api-worker";
import type { Env } from "./env";

export default {
  fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === "/api" || pathname.startsWith("/api/")) return api.fetch(request, env, ctx);
    return astro.fetch(request, env, ctx);
  },
  scheduled: api.scheduled,
} satisfies ExportedHandler<Env>;
