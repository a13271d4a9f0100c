// Guards sending a confirmed import: one invitation (with its email) per ready
// row and none for the others; a failing row is recorded and the rest go on;
// re-running a chunk or the cron never sends a row twice, even after a crash
// between the invitation and the row's update; rows refused by the app's
// sending limit wait (queued) and the cron sends them once the limit lifts.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createImport } from "../../workers/bulk/check";
import { getImport } from "../../workers/bulk/read";
import { cancelImport, continueBulkSends, processChunk, startSend } from "../../workers/bulk/send";
import { bulkRows, rateLimits } from "../../workers/db/schema";
import { createInvitation, SEND_LIMITS } from "../../workers/invitations/create";
import { runScheduled } from "../../workers/scheduled";
import { connectBody, emailsOf, invitationsOf, sessionActor } from "../invitations/helpers";
import { createDistrict, createVendor, db } from "../support/fixtures";
import { rowsOf, sheet } from "./helpers";

const T = Date.UTC(2027, 2, 10, 17, 0);
const HOUR = 3_600_000;

async function importOf(n: number, extra: string[] = []) {
  const v = await createVendor();
  const ds = [];
  for (let i = 0; i < n; i++) ds.push(await createDistrict());
  const csv = sheet([...ds.map((d, i) => `${d.id},Contact ${i},c${i}-${d.id}@district.test,,,`), ...extra]);
  const id = await createImport(db(), sessionActor(v), { csv }, T);
  return { v, ds, id };
}

describe("sending a bulk import", () => {
  it("sends nothing before the confirm, then one invitation with its email per ready row", async () => {
    const { v, ds, id } = await importOf(3, ["9999999,Nobody,nobody@x.test,,,"]);
    expect(await processChunk(db(), env, id, T)).toMatchObject({ claimed: 0 });
    expect(await invitationsOf(v.appId)).toHaveLength(0);

    await startSend(db(), v.appId, id, T);
    expect((await getImport(db(), v.appId, id)).counts).toMatchObject({ queued: 3, sent: 0 });
    expect(await processChunk(db(), env, id, T + 1000)).toMatchObject({ sent: 3, failed: 0 });

    const invs = await invitationsOf(v.appId);
    expect(invs.map((i) => i.districtId).sort()).toEqual(ds.map((d) => d.id).sort());
    expect(invs.every((i) => i.status === "pending" && i.createdBy === v.userId)).toBe(true);
    for (const inv of invs) expect((await emailsOf(inv.id)).map((e) => e.template)).toEqual(["invitation.connect"]);
    const view = await getImport(db(), v.appId, id);
    expect(view.status).toBe("done");
    expect(view.counts).toMatchObject({ total: 4, sent: 3, failed: 0, queued: 0, invalid: 1 });
    expect(view.rows.filter((r) => r.status === "sent").map((r) => r.invitationId).sort()).toEqual(invs.map((i) => i.id).sort());
  });

  it("records a row that fails at send time and sends the rest", async () => {
    const { v, ds, id } = await importOf(3);
    await startSend(db(), v.appId, id, T);
    // Invited by hand between the check and the send.
    await createInvitation(db(), env, sessionActor(v), connectBody(ds[1]!), T);
    await processChunk(db(), env, id, T + 1000);
    const rows = await rowsOf(id);
    expect(rows.map((r) => r.status)).toEqual(["sent", "failed", "sent"]);
    expect(JSON.parse(rows[1]!.errors)).toEqual({ row: expect.stringContaining("already has a pending invitation") });
    expect(await invitationsOf(v.appId)).toHaveLength(3);
    expect((await getImport(db(), v.appId, id)).status).toBe("done");
  });

  it("never sends a row twice: chunks and cron run again, and a row whose update was lost is replayed, not resent", async () => {
    const { v, id } = await importOf(30);
    await startSend(db(), v.appId, id, T);
    await startSend(db(), v.appId, id, T); // a double-clicked confirm
    expect(await processChunk(db(), env, id, T + 1000)).toMatchObject({ sent: 25 });
    // A crash after row 1's invitation was written but before its row said so.
    await db().update(bulkRows).set({ status: "queued", invitationId: null, updatedAt: T }).where(and(eq(bulkRows.importId, id), eq(bulkRows.rowNumber, 1)));
    const first = await continueBulkSends(db(), env, T + 2000);
    expect(first.sent).toBeGreaterThanOrEqual(6);
    await continueBulkSends(db(), env, T + 3000);
    await runScheduled(env, T + 4000);
    const invs = await invitationsOf(v.appId);
    expect(invs).toHaveLength(30);
    const rows = await rowsOf(id);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(new Set(rows.map((r) => r.invitationId)).size).toBe(30);
    expect((await getImport(db(), v.appId, id)).status).toBe("done");
  });

  it("keeps rows refused by the sending limit queued, shows them waiting, and the cron sends them when it lifts", async () => {
    const { v, id } = await importOf(5);
    await db().insert(rateLimits).values({ key: `invitations:hour:${v.appId}`, windowStart: T - (T % HOUR), count: SEND_LIMITS.perHour - 2 });
    await startSend(db(), v.appId, id, T);
    // A chunk of 4: rows 3 and 4 are refused, and row 5 (not in the chunk) waits too.
    expect(await processChunk(db(), env, id, T, 4)).toMatchObject({ sent: 2, waiting: 3 });
    const view = await getImport(db(), v.appId, id, true, T);
    expect(view.status).toBe("sending");
    expect(view.counts).toMatchObject({ sent: 2, queued: 3, waiting: 3 });
    expect(view.rows.filter((r) => r.waitingFor).map((r) => r.rowNumber)).toEqual([3, 4, 5]);
    expect(view.rows[2]!.waitingFor).toMatch(/60 an hour/);
    // Before the limit lifts, the cron does nothing.
    expect(await continueBulkSends(db(), env, T + 60_000)).toMatchObject({ sent: 0 });
    // Once the hour has passed they no longer show as waiting, even before the cron runs.
    expect((await getImport(db(), v.appId, id, true, T + HOUR)).counts).toMatchObject({ queued: 3, waiting: 0 });
    await runScheduled(env, T + HOUR);
    expect(await invitationsOf(v.appId)).toHaveLength(5);
    expect((await getImport(db(), v.appId, id)).status).toBe("done");
  });

  it("cancels a checked import, after which it cannot be sent", async () => {
    const { v, id } = await importOf(1);
    await cancelImport(db(), v.appId, id, T);
    await expect(startSend(db(), v.appId, id, T)).rejects.toMatchObject({ code: "conflict" });
    await processChunk(db(), env, id, T);
    expect(await invitationsOf(v.appId)).toHaveLength(0);
  });
});
