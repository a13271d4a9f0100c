// Tests inside workerd against a real local D1 with the migrations applied.
// The fake Resend server runs in Node (test/support/global-setup.ts); workerd
// reaches it over loopback, so the real Resend SDK is exercised end to end.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const fakeResendPort = Number(process.env.FAKE_RESEND_PORT ?? (await freePort()));
process.env.FAKE_RESEND_PORT = String(fakeResendPort);

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      main: "./workers/api-worker.ts",
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        compatibilityDate: "2026-11-01",
        compatibilityFlags: ["nodejs_compat"],
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url))),
          RESEND_API_KEY: "re_test_key",
          RESEND_BASE_URL: `http://127.0.0.1:${fakeResendPort}`,
          RESEND_WEBHOOK_SECRET: "whsec_dGVzdC13ZWJob29rLXNlY3JldC0xMjM0NTY3ODkw",
          FAKE_RESEND_URL: `http://127.0.0.1:${fakeResendPort}`,
          APP_URL: "http://homeroom.test",
        },
      },
    })),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**"],
    setupFiles: ["./test/support/setup.ts"],
    globalSetup: ["./test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
