// The Worker's bindings and vars, in one typed place. Vars are strings as
// wrangler hands them over; optional ones are absent in production config.
import type { Database } from "./db/client";
import type { Actor } from "./accounts/actor";

export interface Env {
  DB: D1Database;
  ASSETS?: Fetcher;
  /** Public origin used to build links in emails, e.g. https://homeroom.example. */
  APP_URL: string;
  EMAIL_FROM: string;
  /** Homeroom's platform team, copied on every invitation. */
  HOMEROOM_TEAM_EMAIL: string;
  /** The District Onboarding team, told of every onboarding invitation. */
  ONBOARDING_TEAM_EMAIL: string;
  /** Without it, email goes to the dev mailbox (only where DEV_MAILBOX is set). */
  RESEND_API_KEY?: string;
  RESEND_BASE_URL?: string;
  /** Svix signing secret for Resend webhooks ("whsec_..."). */
  RESEND_WEBHOOK_SECRET?: string;
  RESEND_RATE_PER_SECOND?: string;
  /** "1" only in local config: enables /dev/mail and dev-only conveniences. */
  DEV_MAILBOX?: string;
}

export interface AppVariables {
  db: Database;
  requestId: string;
  actor: Actor;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
