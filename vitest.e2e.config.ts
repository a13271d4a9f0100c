// End-to-end tests: real Chromium (Debian's) against the built site served by
// wrangler dev. scripts/test.ts builds, seeds, starts the server and sets E2E_BASE_URL.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
