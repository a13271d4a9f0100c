// Cron jobs of the district side (placeholder: the district-side work fills these in).
import type { Database } from "../db/client";
import type { Env } from "../env";

export async function launchDue(_db: Database, _env: Env, _now: number) {
  return { launched: 0 };
}

export async function expireInvitations(_db: Database, _env: Env, _now: number) {
  return { expired: 0 };
}

export async function sendReminders(_db: Database, _env: Env, _now: number) {
  return { reminded: 0 };
}
