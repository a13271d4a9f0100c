// @ts-check
import cloudflare from "@astrojs/cloudflare";
import { defineConfig } from "astro/config";

export default defineConfig({
  output: "server",
  adapter: cloudflare({ imageService: "passthrough" }),
  security: { checkOrigin: true },
  server: { host: "127.0.0.1", port: 8787 },
});
