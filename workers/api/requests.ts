// /api/requests: inbound requests from districts for the acting app (only
// those the requester confirmed), and the vendor's answer: approve (optionally
// with a launch date; creates the connection) or reject (optionally with a
// reason). Another vendor's id answers 404. Thin: the domain is workers/requests.
import { createRoute, z } from "@hono/zod-openapi";
import { deliverSoon } from "../email/deliver";
import { approveRequest, REASON_MAX, rejectRequest } from "../requests/decide";
import { getRequest, LIST_FILTERS, listRequests, VISIBLE_STATUSES } from "../requests/queries";
import { conflictResponse, createRouter, errorResponses, nowOf, requireActor } from "./router";

export const RequestSchema = z
  .object({
    id: z.string(),
    appId: z.string(),
    status: z.enum(VISIBLE_STATUSES),
    district: z.object({ id: z.string().openapi({ example: "0100005" }), name: z.string(), state: z.string(), timeZone: z.string().openapi({ example: "America/Chicago" }) }),
    requester: z.object({ name: z.string(), email: z.string(), role: z.string() }),
    message: z.string(),
    launchDate: z.string().nullable().openapi({ description: "Set on approval: calendar date in the district's zone; null launches at approval", example: "2027-09-01" }),
    decisionReason: z.string().nullable(),
    connectionId: z.string().nullable().openapi({ description: "The connection an approval created" }),
    createdAt: z.number().int(),
    confirmedAt: z.number().int().nullable().openapi({ description: "UTC ms when the requester confirmed their address" }),
    decidedAt: z.number().int().nullable(),
  })
  .openapi("AccessRequest");

const IdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
const one = (description: string) => ({ 200: { content: { "application/json": { schema: z.object({ request: RequestSchema }) } }, description } });

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Requests"],
  summary: "List the app's requests from districts, pending first",
  request: {
    query: z.object({
      status: z.enum(LIST_FILTERS).optional().openapi({ description: "pending, approved, rejected or all (default)" }),
      page: z.coerce.number().int().min(1).max(10_000).optional(),
    }),
  },
  responses: {
    200: {
      content: {
        "application/json": {
          schema: z.object({
            requests: z.array(RequestSchema),
            counts: z.object({ pending: z.number().int(), approved: z.number().int(), rejected: z.number().int(), all: z.number().int() }),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
          }),
        },
      },
      description: "A page of requests with the count per status",
    },
    ...errorResponses,
  },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Requests"],
  summary: "One request",
  request: { params: IdParam },
  responses: { ...one("The request"), ...errorResponses },
});

const LaunchDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD").nullable().optional()
  .openapi({ description: "Calendar date in the district's zone, today or later; omit or null to launch at once", example: "2027-09-01" });

const approve = createRoute({
  method: "post",
  path: "/{id}/approve",
  tags: ["Requests"],
  summary: "Approve a pending request: connects the app to the district, sharing all schools",
  description: "Emails the requester a link to change what is shared until launch. Refused (409) when already answered or already connected.",
  request: { params: IdParam, body: { required: false, content: { "application/json": { schema: z.object({ launchDate: LaunchDate }) } } } },
  responses: {
    200: { content: { "application/json": { schema: z.object({ request: RequestSchema, connectionId: z.string(), launchedNow: z.boolean() }) } }, description: "Approved; the connection exists" },
    ...errorResponses,
    ...conflictResponse,
  },
});

const reject = createRoute({
  method: "post",
  path: "/{id}/reject",
  tags: ["Requests"],
  summary: "Decline a pending request (the requester is emailed, with the reason if given)",
  request: {
    params: IdParam,
    body: { required: false, content: { "application/json": { schema: z.object({ reason: z.string().max(REASON_MAX).nullable().optional() }) } } },
  },
  responses: { ...one("Declined"), ...errorResponses, ...conflictResponse },
});

export const requestsRoutes = createRouter();
requestsRoutes.use("*", requireActor);

requestsRoutes.openapi(list, async (c) => c.json(await listRequests(c.get("db"), c.get("actor"), c.req.valid("query")), 200));

requestsRoutes.openapi(get, async (c) => c.json({ request: await getRequest(c.get("db"), c.get("actor"), c.req.valid("param").id) }, 200));

requestsRoutes.openapi(approve, async (c) => {
  const db = c.get("db");
  const body = c.req.valid("json") ?? {};
  const r = await approveRequest(db, c.env, c.get("actor"), c.req.valid("param").id, { launchDate: body.launchDate ?? null }, nowOf(c));
  deliverSoon(db, c.env, c.executionCtx);
  return c.json({ request: r.request, connectionId: r.connectionId, launchedNow: r.launchedNow }, 200);
});

requestsRoutes.openapi(reject, async (c) => {
  const db = c.get("db");
  const body = c.req.valid("json") ?? {};
  const request = await rejectRequest(db, c.env, c.get("actor"), c.req.valid("param").id, { reason: body.reason ?? null }, nowOf(c));
  deliverSoon(db, c.env, c.executionCtx);
  return c.json({ request }, 200);
});
