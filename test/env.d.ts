declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("@cloudflare/vitest-plugin").D1Migration[];
    /** The fake Resend server's own origin, for its control endpoints. */
    FAKE_RESEND_URL: string;
  }
}
