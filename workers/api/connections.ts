// /api/connections: a vendor's connections (app + district, sharing, launch),
// and the levers before launch: reschedule, launch now, and a fresh manage link
// for the district contact. Scoped to the
// acting app; another vendor's id answers 404. Thin: the domain is workers/connections.
import { createRoute, z } from "@hono/zod-openapi";
import { getConnection, listConnections, CONNECTION_STATUSES } from "../connections/queries";
import { resendManageLink } from "../connections/manage";
import { launchNow, reschedule } from "../connections/schedule";
import { deliverSoon } from "../email/deliver";
import { conflictResponse, createRouter, errorResponses, ErrorSchema, jsonContent, nowOf, requireActor } from "./router";

export const ConnectionSchema = z
  .object({
    id: z.string(),
    appId: z.string(),
    districtId: z.string().openapi({ example: "0622710" }),
    district: z.object({ name: z.string(), state: z.string(), timeZone: z.string().openapi({ example: "America/Los_Angeles" }) }),
    invitationId: z.string().nullable(),
    launchDate: z.string().nullable().openapi({ description: "Calendar date in the district's time zone; null: launched on acceptance", example: "2027-09-01" }),
    launchAt: z.number().int().nullable().openapi({ description: "UTC ms of local midnight on launchDate" }),
    launchedAt: z.number().int().nullable().openapi({ description: "UTC ms when teachers and students got the app; null until then" }),
    status: z.enum(CONNECTION_STATUSES),
    sharing: z.object({
      mode: z.enum(["all", "schools", "sections"]),
      schoolIds: z.array(z.string()),
      sectionIds: z.array(z.string()),
    }),
    contact: z.object({ name: z.string(), email: z.string() }),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi("Connection");

const IdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
const one = (description: string) => ({ 200: { content: { "application/json": { schema: z.object({ connection: ConnectionSchema }) } }, description } });

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Connections"],
  summary: "List the app's connections",
  request: {
    query: z.object({
      status: z.enum(CONNECTION_STATUSES).optional(),
      q: z.string().max(100).optional().openapi({ description: "Part of the district's name, its NCES id, or a state code" }),
      page: z.coerce.number().int().min(1).max(10_000).optional(),
      pageSize: z.coerce.number().int().min(1).max(100).optional(),
    }),
  },
  responses: {
    200: {
      content: { "application/json": { schema: z.object({ connections: z.array(ConnectionSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }) } },
      description: "A page of connections, newest first",
    },
    ...errorResponses,
  },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Connections"],
  summary: "One connection",
  request: { params: IdParam },
  responses: { ...one("The connection"), ...errorResponses },
});

const rescheduleRoute = createRoute({
  method: "post",
  path: "/{id}/reschedule",
  tags: ["Connections"],
  summary: "Move the launch date (before launch only; not into the past in the district's zone)",
  description: "A date of today in the district's zone launches at once, since its midnight has passed.",
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: z.object({ launchDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD").openapi({ example: "2027-09-01" }) }) } } },
  },
  responses: { ...one("The rescheduled connection"), ...errorResponses, ...conflictResponse },
});

const launchRoute = createRoute({
  method: "post",
  path: "/{id}/launch",
  tags: ["Connections"],
  summary: "Launch now: teachers and students get the app at once (before launch only)",
  request: { params: IdParam },
  responses: { ...one("The launched connection"), ...errorResponses, ...conflictResponse },
});

const manageLinkRoute = createRoute({
  method: "post",
  path: "/{id}/manage-link",
  tags: ["Connections"],
  summary: "Email the district contact a new manage link (before launch only); earlier links stop working",
  request: { params: IdParam },
  responses: {
    200: {
      content: { "application/json": { schema: z.object({ connection: ConnectionSchema, sentTo: z.string().openapi({ description: "The district contact's address" }) }) } },
      description: "The link was queued for the district contact",
    },
    ...errorResponses,
    ...conflictResponse,
    429: jsonContent(ErrorSchema, "Already sent 3 times in the last hour"),
  },
});

export const connectionsRoutes = createRouter();
connectionsRoutes.use("*", requireActor);

connectionsRoutes.openapi(list, async (c) => {
  const result = await listConnections(c.get("db"), c.get("actor"), c.req.valid("query"));
  return c.json(result, 200);
});

connectionsRoutes.openapi(get, async (c) => {
  const connection = await getConnection(c.get("db"), c.get("actor"), c.req.valid("param").id);
  return c.json({ connection }, 200);
});

connectionsRoutes.openapi(rescheduleRoute, async (c) => {
  const db = c.get("db");
  const connection = await reschedule(db, c.env, c.get("actor"), c.req.valid("param").id, c.req.valid("json").launchDate, nowOf(c));
  deliverSoon(db, c.env, c.executionCtx);
  return c.json({ connection }, 200);
});

connectionsRoutes.openapi(launchRoute, async (c) => {
  const db = c.get("db");
  const connection = await launchNow(db, c.env, c.get("actor"), c.req.valid("param").id, nowOf(c));
  deliverSoon(db, c.env, c.executionCtx);
  return c.json({ connection }, 200);
});

connectionsRoutes.openapi(manageLinkRoute, async (c) => {
  const db = c.get("db");
  const result = await resendManageLink(db, c.env, c.get("actor"), c.req.valid("param").id, nowOf(c));
  deliverSoon(db, c.env, c.executionCtx);
  return c.json(result, 200);
});
