// @ts-check
import cloudflare from "@astrojs/cloudflare";
import { defineConfig } from "astro/config";

export default defineConfig({
  output: "server",
  adapter: cloudflare({ imageService: "passthrough" }),
  security: { checkOrigin: true },
  server: { host: "127.0.0.1", port: 8787 },
  // Scripts are never inlined into pages: each is a file under /_astro, so the
  // page CSP allows script-src 'self' only and no inline script ever runs
  // (workers/accounts/hardening.ts). Other assets keep Vite's default.
  vite: { build: { assetsInlineLimit: (file) => (file.endsWith(".js") ? false : undefined) } },
});
