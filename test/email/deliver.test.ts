// Guards outbox delivery through the real Resend SDK against the fake Resend
// server: retries keep one idempotency key, permanent errors are recorded,
// hung calls time out, big sends are batched by 100 and never doubled.
import { inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { emails } from "../../workers/db/schema";
import { deliverDue, MAX_ATTEMPTS } from "../../workers/email/deliver";
import { db } from "../support/fixtures";
import { fakeMailbox, sentEmails } from "../support/mail";
import { message, messages, queueMessages } from "./helpers";

const T0 = Date.UTC(2026, 2, 2, 15, 0, 0);

// Each test starts with an outbox holding nothing due (earlier tests' leftovers are set aside).
beforeEach(async () => {
  await db().update(emails).set({ status: "failed", lockedUntil: null }).where(inArray(emails.status, ["queued", "sending"]));
});

describe("delivering the outbox", () => {
  it("sends a queued message once, with its idempotency key, and records Resend's id", async () => {
    const box = fakeMailbox();
    const [id] = await queueMessages(1, T0, { cc: ["copy@vendor.test"] });
    const report = await deliverDue(db(), box.env, T0);
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    const row = await message(id!);
    expect(row.status).toBe("sent");
    expect(row.providerId).toMatch(/^fake_/);
    const reqs = await box.requests();
    expect(reqs).toHaveLength(1);
    expect(reqs[0]!.path).toBe("/emails");
    expect(reqs[0]!.idempotencyKey).toBe(row.idempotencyKey);
    expect(reqs[0]!.body).toMatchObject({ to: JSON.parse(row.to), cc: ["copy@vendor.test"], subject: row.subject, text: row.text });
    // A second run finds nothing due.
    expect((await deliverDue(db(), box.env, T0 + 60_000)).claimed).toBe(0);
  });

  it("retries a 429 after retry-after with the same idempotency key and delivers once", async () => {
    const box = fakeMailbox();
    await box.script([{ status: 429, headers: { "retry-after": "120" }, body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" } }]);
    const [id] = await queueMessages(1, T0);
    await deliverDue(db(), box.env, T0);
    let row = await message(id!);
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row.lastError).toContain("429");
    expect(row.nextAttemptAt).toBeGreaterThanOrEqual(T0 + 120_000);
    // Not due yet a minute later.
    expect((await deliverDue(db(), box.env, T0 + 60_000)).claimed).toBe(0);
    await deliverDue(db(), box.env, T0 + 121_000);
    row = await message(id!);
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    const reqs = await box.requests();
    expect(reqs.map((r) => r.idempotencyKey)).toEqual([row.idempotencyKey, row.idempotencyKey]);
    expect(await sentEmails(box)).toHaveLength(2); // two attempts, one message: Resend dedupes by key
  });

  it("waits out a short 429 within the same run", async () => {
    const box = fakeMailbox();
    await box.script([{ status: 429, headers: { "retry-after": "1" } }]);
    const [id] = await queueMessages(1, T0);
    const report = await deliverDue(db(), box.env, T0);
    expect(report).toMatchObject({ sent: 1, requests: 2 });
    const row = await message(id!);
    expect(row.status).toBe("sent");
    expect(new Set((await box.requests()).map((r) => r.idempotencyKey))).toEqual(new Set([row.idempotencyKey]));
  });

  it("marks a 422 as failed for good, with the reason visible, and never retries it", async () => {
    const box = fakeMailbox();
    await box.script([{ status: 422, body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." } }]);
    const [id] = await queueMessages(1, T0);
    expect(await deliverDue(db(), box.env, T0)).toMatchObject({ failed: 1, sent: 0 });
    const row = await message(id!);
    expect(row.status).toBe("failed");
    expect(row.lastError).toContain("Invalid `to` field.");
    expect((await deliverDue(db(), box.env, T0 + 86_400_000)).claimed).toBe(0);
    expect(await box.requests()).toHaveLength(1);
  });

  it("times out a hanging call and retries it later with the same key", async () => {
    const box = fakeMailbox();
    await box.script([{ status: 200, hang: true }]);
    const [id] = await queueMessages(1, T0);
    await deliverDue(db(), box.env, T0, { timeoutMs: 400 });
    let row = await message(id!);
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row.lastError).toContain("timeout");
    await deliverDue(db(), box.env, row.nextAttemptAt, { timeoutMs: 2_000 });
    row = await message(id!);
    expect(row.status).toBe("sent");
    const keys = (await box.requests()).map((r) => r.idempotencyKey);
    expect(keys).toEqual([row.idempotencyKey, row.idempotencyKey]);
  });

  it("gives up after the last attempt on repeated 5xx", async () => {
    const box = fakeMailbox();
    await box.script(Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 503 })));
    const [id] = await queueMessages(1, T0);
    let now = T0;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDue(db(), box.env, now);
      now = (await message(id!)).nextAttemptAt + 1;
    }
    const row = await message(id!);
    expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(row.lastError).toMatch(/^Gave up after 8 attempts/);
  });
});

describe("batching", () => {
  it("sends 250 messages in three batch calls of at most 100, each message once", async () => {
    const box = fakeMailbox();
    const ids = await queueMessages(250, T0);
    const report = await deliverDue(db(), box.env, T0);
    expect(report).toMatchObject({ claimed: 250, sent: 250, requests: 3 });
    const reqs = await box.requests();
    expect(reqs.map((r) => r.path)).toEqual(["/emails/batch", "/emails/batch", "/emails/batch"]);
    expect(reqs.map((r) => (r.body as unknown[]).length).sort()).toEqual([100, 100, 50]);
    const rows = await messages(ids);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(new Set(rows.map((r) => r.providerId)).size).toBe(250);
    const recipients = (await sentEmails(box)).map((e) => (e.to as string[])[0]);
    expect(new Set(recipients).size).toBe(250);
  });

  it("retries a failed batch with the same members under the same key", async () => {
    const box = fakeMailbox();
    await box.script([{ status: 500 }]);
    const ids = await queueMessages(30, T0);
    await deliverDue(db(), box.env, T0);
    const after = await messages(ids);
    expect(after.every((r) => r.status === "queued" && r.attempts === 1)).toBe(true);
    const batchKeys = new Set(after.map((r) => r.batchKey));
    expect(batchKeys.size).toBe(1);
    // Newer mail queued meanwhile must not join the retried batch.
    const later = await queueMessages(5, T0 + 1_000);
    await deliverDue(db(), box.env, after[0]!.nextAttemptAt);
    const reqs = await box.requests();
    const retried = reqs.filter((r) => r.idempotencyKey === [...batchKeys][0]);
    expect(retried).toHaveLength(2);
    expect(retried[1]!.body).toEqual(retried[0]!.body);
    expect((await messages([...ids, ...later])).every((r) => r.status === "sent")).toBe(true);
  });

  it("splits a batch Resend refuses and sends the valid messages alone", async () => {
    const box = fakeMailbox();
    // The middle message has no recipient: Resend refuses the whole batch with a 422.
    const ids = await queueMessages(3, T0, { to: (i) => (i === 1 ? " " : `ok-${i}@district.test`) });
    await deliverDue(db(), box.env, T0);
    const rows = await messages(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids[0]!)!.status).toBe("sent");
    expect(byId.get(ids[2]!)!.status).toBe("sent");
    expect(byId.get(ids[1]!)!.status).toBe("failed");
    expect(byId.get(ids[1]!)!.lastError).toContain("422");
  });

  it("never sends a message twice when two runs overlap", async () => {
    const box = fakeMailbox();
    await queueMessages(40, T0);
    await Promise.all([deliverDue(db(), box.env, T0), deliverDue(db(), box.env, T0), deliverDue(db(), box.env, T0 + 5)]);
    const recipients = (await sentEmails(box)).map((e) => (e.to as string[])[0]);
    expect(recipients).toHaveLength(40);
    expect(new Set(recipients).size).toBe(40);
  });
});

describe("without a Resend key", () => {
  it("delivers into the dev mailbox when DEV_MAILBOX is 1, and calls no one", async () => {
    const box = fakeMailbox();
    const [id] = await queueMessages(1, T0);
    const report = await deliverDue(db(), { ...box.env, RESEND_API_KEY: undefined, DEV_MAILBOX: "1" }, T0);
    expect(report.sent).toBe(1);
    expect((await message(id!)).status).toBe("sent");
    expect(await box.requests()).toHaveLength(0);
  });

  it("leaves mail queued in production config (no key, no dev mailbox)", async () => {
    const box = fakeMailbox();
    const [id] = await queueMessages(1, T0);
    const report = await deliverDue(db(), { ...box.env, RESEND_API_KEY: undefined, DEV_MAILBOX: undefined }, T0);
    expect(report.skipped).toContain("RESEND_API_KEY");
    expect((await message(id!)).status).toBe("queued");
  });
});
