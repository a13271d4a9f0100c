// /api/invitations: send (connect or onboarding), list, read, resend, revoke.
// Thin: each route validates with its zod schema (published in the OpenAPI
// document) and calls workers/invitations. POST honours Idempotency-Key.
import { createRoute, z } from "@hono/zod-openapi";
import { deliverSoon } from "../email/deliver";
import { resendInvitation, revokeInvitation } from "../invitations/actions";
import { createInvitationOnce } from "../invitations/create";
import { LIST_SORTS, LIST_STATUSES, listInvitations } from "../invitations/list";
import { apiScope, requestHash, type OnceKey } from "../invitations/once";
import { CreateInvitationSchema } from "../invitations/schemas";
import { getInvitation } from "../invitations/summary";
import { conflictResponse, createRouter, errorResponses, ErrorSchema, nowOf, requireActor } from "./router";

const Contact = z.object({ name: z.string(), email: z.string() });
const InvitationSchema = z
  .object({
    id: z.string(),
    districtId: z.string(),
    district: z.object({ name: z.string(), state: z.string() }),
    kind: z.enum(["connect", "onboarding"]),
    status: z.enum(["pending", "approved", "rejected", "revoked", "expired"]),
    message: z.string(),
    primaryContact: Contact,
    additionalEmails: z.array(z.string()),
    curriculumContact: Contact.extend({ role: z.string() }).nullable(),
    launchDate: z.string().nullable().openapi({ example: "2027-09-01" }),
    shareMode: z.enum(["all", "schools", "sections", "none"]),
    schoolIds: z.array(z.string()),
    sectionIds: z.array(z.string()),
    createdAt: z.string(),
    expiresAt: z.string(),
    decidedAt: z.string().nullable(),
    decisionReason: z.string().nullable(),
    connectionId: z.string().nullable(),
    url: z.string(),
  })
  .openapi("Invitation");

const InvitationDetailSchema = InvitationSchema.extend({
  schools: z.array(z.object({ id: z.string(), name: z.string() })),
  sections: z.array(z.object({ id: z.string(), name: z.string(), schoolId: z.string(), teacherName: z.string(), subject: z.string().nullable(), grade: z.string().nullable() })),
  events: z.array(z.object({ id: z.string(), at: z.string(), type: z.string(), actor: z.string(), detail: z.string() })),
  emails: z.array(z.object({
    id: z.string(), template: z.string(), to: z.array(z.string()), cc: z.array(z.string()), replyTo: z.string().nullable(), subject: z.string(),
    status: z.enum(["queued", "sending", "sent", "delivered", "bounced", "complained", "failed"]), attempts: z.number(),
    lastError: z.string().nullable(), createdAt: z.string(), sentAt: z.string().nullable(),
  })),
  onboarding: z.object({ id: z.string(), status: z.string(), contactConfirmedAt: z.string().nullable() }).nullable(),
}).openapi("InvitationDetail");

const ListItemSchema = z.object({
  id: z.string(), districtId: z.string(), district: z.object({ name: z.string(), state: z.string() }), kind: z.enum(["connect", "onboarding"]),
  status: z.enum(["pending", "approved", "rejected", "revoked", "expired"]), contacts: z.array(z.string()), contactName: z.string(),
  createdAt: z.string(), launchDate: z.string().nullable(), decidedAt: z.string().nullable(), url: z.string(),
});
const ListSchema = z.object({
  items: z.array(ListItemSchema),
  total: z.number(), page: z.number(), pageSize: z.number(), pages: z.number(),
  counts: z.record(z.string(), z.number()),
  query: z.object({ status: z.string(), q: z.string(), sort: z.string() }),
}).openapi("InvitationList");

const IdParam = z.object({ id: z.string().min(1).max(80).openapi({ param: { name: "id", in: "path" } }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });

const createInvitationRoute = createRoute({
  method: "post",
  path: "/",
  tags: ["Invitations"],
  summary: "Invite a district (connect, or onboarding for an Off-Homeroom district)",
  description: "Writes the invitation and its emails in one transaction. Send `Idempotency-Key` to make retries safe: a repeat with the same key and body replays the first answer.",
  middleware: [requireActor] as const,
  request: {
    headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional().openapi({ description: "Any unique string, e.g. a UUID" }) }),
    body: { content: { "application/json": { schema: CreateInvitationSchema } }, required: true },
  },
  responses: {
    201: json(InvitationSchema, "The invitation, pending"),
    ...errorResponses,
    ...conflictResponse,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Invitations"],
  summary: "List this app's invitations",
  middleware: [requireActor] as const,
  request: {
    query: z.object({
      status: z.enum(LIST_STATUSES).optional(),
      q: z.string().max(100).optional().openapi({ description: "Part of the district's name" }),
      sort: z.enum(LIST_SORTS).optional(),
      page: z.coerce.number().int().min(1).max(10_000).optional(),
      pageSize: z.coerce.number().int().min(1).max(100).optional(),
    }),
  },
  responses: { 200: json(ListSchema, "One page of invitations, with counts per status"), ...errorResponses },
});

const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Invitations"],
  summary: "One invitation with its proposal, timeline and emails",
  middleware: [requireActor] as const,
  request: { params: IdParam },
  responses: { 200: json(InvitationDetailSchema, "The invitation"), ...errorResponses },
});

const resendRoute = createRoute({
  method: "post",
  path: "/{id}/resend",
  tags: ["Invitations"],
  summary: "Email a pending invitation again with a fresh link (at most 3 times an hour)",
  middleware: [requireActor] as const,
  request: { params: IdParam },
  responses: { 200: json(InvitationDetailSchema, "The invitation"), ...errorResponses, ...conflictResponse, 429: json(ErrorSchema, "Sent again too often") },
});

const revokeRoute = createRoute({
  method: "post",
  path: "/{id}/revoke",
  tags: ["Invitations"],
  summary: "Revoke a pending invitation; its links stop working",
  middleware: [requireActor] as const,
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: z.object({ reason: z.string().max(500).optional() }) } }, required: false },
  },
  responses: { 200: json(InvitationDetailSchema, "The invitation, revoked"), ...errorResponses, ...conflictResponse },
});

export const invitationsRoutes = createRouter()
  .openapi(createInvitationRoute, async (c) => {
    const db = c.get("db");
    const actor = c.get("actor");
    const now = nowOf(c);
    const body = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"];
    const once: OnceKey | undefined = key ? { scope: apiScope(actor.appId), key, requestHash: await requestHash(body) } : undefined;
    const { invitation, replayed } = await createInvitationOnce(db, c.env, actor, body, now, once);
    if (replayed) return c.json(invitation, 201, { "idempotent-replayed": "true" });
    deliverSoon(db, c.env, c.executionCtx, now);
    return c.json(invitation, 201);
  })
  .openapi(listRoute, async (c) => {
    const result = await listInvitations(c.get("db"), c.get("actor").appId, c.req.valid("query"));
    return c.json(result, 200);
  })
  .openapi(getRoute, async (c) => {
    return c.json(await getInvitation(c.get("db"), c.get("actor").appId, c.req.valid("param").id), 200);
  })
  .openapi(resendRoute, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const now = nowOf(c);
    await resendInvitation(db, c.env, c.get("actor"), id, now);
    deliverSoon(db, c.env, c.executionCtx, now);
    return c.json(await getInvitation(db, c.get("actor").appId, id), 200);
  })
  .openapi(revokeRoute, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    let reason = "";
    try {
      const body = (await c.req.json()) as { reason?: unknown };
      reason = typeof body?.reason === "string" ? body.reason : "";
    } catch {
      /* no body is fine */
    }
    await revokeInvitation(db, c.get("actor"), id, nowOf(c), reason);
    return c.json(await getInvitation(db, c.get("actor").appId, id), 200);
  });
