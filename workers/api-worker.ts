// The Astro-free half of the Worker: the API and the cron trigger. Tests run
// this in workerd; workers/index.ts adds the Astro site in front of it.
import { createApp } from "./api/app";
import type { Env } from "./env";
import { runScheduled } from "./scheduled";

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  scheduled: (controller, env, ctx) => {
    ctx.waitUntil(runScheduled(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
