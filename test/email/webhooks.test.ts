// Guards Resend webhooks: a Svix signature is required and checked (a bad one
// is refused and changes nothing); delivered / bounced / complained move the
// message's status forward, never back.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { emails } from "../../workers/db/schema";
import { api, db, uniq } from "../support/fixtures";
import { message, queueMessages } from "./helpers";

async function sentMessage(): Promise<{ id: string; providerId: string }> {
  const [id] = await queueMessages(1, Date.now());
  const providerId = `re_${uniq()}${uniq()}`;
  await db().update(emails).set({ status: "sent", providerId }).where(eq(emails.id, id!));
  return { id: id!, providerId };
}

function signed(event: unknown, secret = env.RESEND_WEBHOOK_SECRET!) {
  const body = JSON.stringify(event);
  const msgId = `msg_${uniq()}`;
  const at = new Date();
  const signature = new Webhook(secret).sign(msgId, at, body);
  return { body, headers: { "content-type": "application/json", "svix-id": msgId, "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "svix-signature": signature } };
}

const post = (s: { body: string; headers: Record<string, string> }) => api("/api/webhooks/resend", { method: "POST", body: s.body, headers: s.headers });
const event = (type: string, emailId: string) => ({ type, created_at: new Date().toISOString(), data: { email_id: emailId, to: ["x@district.test"] } });

describe("Resend webhooks", () => {
  it("marks a message delivered on a correctly signed event", async () => {
    const m = await sentMessage();
    const res = await post(signed(event("email.delivered", m.providerId)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: "updated" });
    expect((await message(m.id)).status).toBe("delivered");
  });

  it("refuses a bad signature, a wrong secret and a missing one, changing nothing", async () => {
    const m = await sentMessage();
    const good = signed(event("email.bounced", m.providerId));
    const tampered = { body: good.body.replace("email.bounced", "email.delivered"), headers: good.headers };
    const wrongSecret = signed(event("email.bounced", m.providerId), "whsec_" + btoa("some-other-secret-entirely-123"));
    const unsigned = { body: good.body, headers: { "content-type": "application/json" } };
    for (const attempt of [tampered, wrongSecret, unsigned]) {
      const res = await post(attempt);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect((await message(m.id)).status).toBe("sent");
  });

  it("records bounces and complaints, and a late 'delivered' does not undo a bounce", async () => {
    const m = await sentMessage();
    await post(signed({ ...event("email.bounced", m.providerId), data: { email_id: m.providerId, bounce: { message: "Mailbox does not exist" } } }));
    let row = await message(m.id);
    expect(row.status).toBe("bounced");
    expect(row.lastError).toContain("Mailbox does not exist");
    expect(await (await post(signed(event("email.delivered", m.providerId)))).json()).toEqual({ result: "unchanged" });
    expect((await message(m.id)).status).toBe("bounced");
    await post(signed(event("email.complained", m.providerId)));
    row = await message(m.id);
    expect(row.status).toBe("complained");
  });

  it("acknowledges events for unknown messages and other event types", async () => {
    expect(await (await post(signed(event("email.delivered", "re_unknown")))).json()).toEqual({ result: "unknown_email" });
    expect(await (await post(signed(event("email.opened", "re_unknown")))).json()).toEqual({ result: "ignored" });
  });
});
