// The cron trigger. Each job is idempotent and catches up on whatever a missed
// run left behind, so a late, missed or doubled run changes nothing twice.
import { purgeExpiredAccountRows } from "./accounts/cleanup";
import { continueBulkSends } from "./bulk/send";
import { getDb, type Database } from "./db/client";
import { deliverDue } from "./email/deliver";
import type { Env } from "./env";
import { expireInvitations, launchDue, sendReminders } from "./launches/jobs";

type Job = (db: Database, env: Env, now: number) => Promise<unknown>;

const jobs: [string, Job][] = [
  ["launches", launchDue],
  ["expiry", expireInvitations],
  ["reminders", sendReminders],
  ["cleanup", purgeExpiredAccountRows],
  // Bulk imports still sending (browser closed, or waiting for the sending limit).
  ["bulk", continueBulkSends],
  // Last, so the emails the other jobs queued go out in the same run.
  ["email", deliverDue],
];

export async function runScheduled(env: Env, now: number): Promise<Record<string, unknown>> {
  const db = getDb(env.DB);
  const report: Record<string, unknown> = {};
  for (const [name, job] of jobs) {
    try {
      report[name] = await job(db, env, now);
    } catch (err) {
      // One failing job must not stop the others; the next run retries it.
      console.error(JSON.stringify({ cron: name, error: String(err), stack: (err as Error)?.stack }));
      report[name] = { error: String(err) };
    }
  }
  return report;
}
