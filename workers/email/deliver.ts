// Delivery from the outbox (placeholder: the accounts & email work implements
// Resend delivery, retries, batching and the dev mailbox here).
import type { Database } from "../db/client";
import type { Env } from "../env";

export async function deliverDue(_db: Database, _env: Env, _now: number) {
  return { sent: 0, failed: 0, retrying: 0 };
}

/** Deliver right after a request's batch, without making the user wait. */
export function deliverSoon(db: Database, env: Env, ctx: Pick<ExecutionContext, "waitUntil">, now = Date.now()) {
  ctx.waitUntil(deliverDue(db, env, now).catch((err) => console.error("deliverSoon", err)));
}
