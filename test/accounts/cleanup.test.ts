// Guards the accounts cleanup in the cron: rate-limit counters whose window is
// over, expired sessions and long-expired sign-in links are deleted; live
// counters, sessions and recent links stay, and a limit still counts after it.
import { env } from "cloudflare:workers";
import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { purgeExpiredAccountRows } from "../../workers/accounts/cleanup";
import { hitLimit } from "../../workers/accounts/rate-limit";
import { loginTokens, rateLimits, sessions } from "../../workers/db/schema";
import { runScheduled } from "../../workers/scheduled";
import { createVendor, db, uniq } from "../support/fixtures";

const HOUR = 3600_000;
const T0 = Date.UTC(2027, 5, 1, 12, 0, 0);

describe("accounts cleanup", () => {
  it("deletes counters whose window is over and keeps the live ones", async () => {
    const tag = uniq();
    await hitLimit(db(), `test:${tag}:old`, 5, 15 * 60_000, T0 - 25 * HOUR);
    await hitLimit(db(), `test:${tag}:live`, 5, 15 * 60_000, T0);
    await hitLimit(db(), `test:${tag}:live`, 5, 15 * 60_000, T0);
    const report = await purgeExpiredAccountRows(db(), env, T0);
    expect(report.rateLimits).toBeGreaterThanOrEqual(1);
    const left = await db().select().from(rateLimits).where(like(rateLimits.key, `test:${tag}:%`));
    expect(left.map((r) => [r.key, r.count])).toEqual([[`test:${tag}:live`, 2]]);
    // The live counter keeps counting where it was.
    expect((await hitLimit(db(), `test:${tag}:live`, 5, 15 * 60_000, T0 + 1000)).count).toBe(3);
  });

  it("refuses a window longer than the cleanup assumes", async () => {
    await expect(hitLimit(db(), `test:${uniq()}`, 5, 25 * HOUR, T0)).rejects.toThrow(/at most/);
  });

  it("runs in the cron: expired sessions and day-old links go, live ones stay", async () => {
    const now = Date.now();
    const live = await createVendor({ now });
    const stale = await createVendor({ now });
    await db().update(sessions).set({ expiresAt: now - 1 }).where(eq(sessions.userId, stale.userId));
    const email = `cleanup-${uniq()}@vendor.test`;
    await db().insert(loginTokens).values([
      { tokenHash: `old-${uniq()}`, email, userId: stale.userId, redirectTo: "", createdAt: now - 26 * HOUR, expiresAt: now - 25 * HOUR },
      { tokenHash: `recent-${uniq()}`, email, userId: stale.userId, redirectTo: "", createdAt: now - HOUR, expiresAt: now - HOUR + 15 * 60_000 },
    ]);
    const report = await runScheduled(env, now);
    expect(report.cleanup).toMatchObject({ sessions: expect.any(Number), loginTokens: expect.any(Number) });
    expect(await db().select().from(sessions).where(eq(sessions.userId, stale.userId))).toHaveLength(0);
    expect(await db().select().from(sessions).where(eq(sessions.userId, live.userId))).toHaveLength(1);
    const links = await db().select({ hash: loginTokens.tokenHash }).from(loginTokens).where(eq(loginTokens.email, email));
    expect(links.map((l) => l.hash.split("-")[0])).toEqual(["recent"]);
  });
});
