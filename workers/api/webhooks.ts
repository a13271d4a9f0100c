// /api/webhooks/resend: Resend's delivery events, Svix-signed. The signature is
// checked over the raw body before anything is parsed; a bad or stale one is a
// 401 and changes nothing. Unknown event types are acknowledged and ignored.
import { createRoute, z } from "@hono/zod-openapi";
import { Webhook } from "svix";
import { applyResendEvent, type ResendEvent } from "../email/events";
import { AppError } from "../lib/errors";
import { createRouter, jsonContent, ErrorSchema, nowOf } from "./router";

const json = jsonContent;

const resendRoute = createRoute({
  method: "post",
  path: "/resend",
  tags: ["Webhooks"],
  summary: "Resend delivery events (email.delivered, email.bounced, email.complained)",
  description: "Signed by Svix: `svix-id`, `svix-timestamp` and `svix-signature` headers over the raw body.",
  security: [],
  request: {
    headers: z.object({ "svix-id": z.string().optional(), "svix-timestamp": z.string().optional(), "svix-signature": z.string().optional() }),
    body: { content: { "application/json": { schema: z.looseObject({ type: z.string(), data: z.record(z.string(), z.unknown()) }) } }, required: true },
  },
  responses: {
    200: json(z.object({ result: z.enum(["updated", "unchanged", "unknown_email", "ignored"]) }), "Received"),
    401: json(ErrorSchema, "Missing or bad signature"),
  },
});

export const webhooksRoutes = createRouter().openapi(
  resendRoute,
  async (c) => {
    const secret = c.env.RESEND_WEBHOOK_SECRET;
    if (!secret) throw new AppError("unauthorized", "Webhooks are not configured");
    const raw = await c.req.text();
    let event: ResendEvent;
    try {
      // Throws unless the signature matches and the timestamp is recent (replays are refused).
      new Webhook(secret).verify(raw, {
        "svix-id": c.req.header("svix-id") ?? "",
        "svix-timestamp": c.req.header("svix-timestamp") ?? "",
        "svix-signature": c.req.header("svix-signature") ?? "",
      });
      event = JSON.parse(raw) as ResendEvent;
    } catch {
      throw new AppError("unauthorized", "The webhook signature is missing or does not match");
    }
    return c.json({ result: await applyResendEvent(c.get("db"), event, nowOf(c)) }, 200);
  },
  // The zod hook runs before the signature check; its 400 would reveal nothing, but keep the answer uniform.
  (result, c) => {
    if (!result.success) return c.json({ error: { code: "unauthorized" as const, message: "The webhook signature is missing or does not match" } }, 401);
  },
);
