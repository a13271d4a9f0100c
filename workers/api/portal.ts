// GET /api/districts/:ncesId/apps: the apps a person in the district's portal
// sees, by role and school (and section). Mounted at /api/districts ahead of the
// districts group, so it defines only this route. A preview of what the
// district's own people see of the acting vendor's apps (never other vendors').
import { createRoute, z } from "@hono/zod-openapi";
import { PORTAL_ROLES, portalApps } from "../connections/portal";
import { createRouter, errorResponses, requireActor } from "./router";

const PortalAppSchema = z
  .object({
    appId: z.string(),
    name: z.string(),
    vendorName: z.string(),
    connectionId: z.string(),
    launchDate: z.string().nullable(),
    launchAt: z.number().int().nullable(),
    launchedAt: z.number().int().nullable(),
    launched: z.boolean(),
  })
  .openapi("PortalApp");

const route = createRoute({
  method: "get",
  path: "/{ncesId}/apps",
  tags: ["Districts"],
  summary: "Apps a district's administrator, teacher or student sees",
  description: "Administrators see every connected app at once; teachers and students only launched apps, and only where their school (or section) is shared. Lists only the acting vendor's apps.",
  request: {
    params: z.object({ ncesId: z.string().regex(/^\d{7}$/, "A 7-digit NCES id").openapi({ param: { name: "ncesId", in: "path" }, example: "0622710" }) }),
    query: z.object({
      role: z.enum(PORTAL_ROLES).default("teacher"),
      school: z.string().max(32).optional().openapi({ description: "NCES school id; required for teacher and student" }),
      section: z.string().max(64).optional(),
    }),
  },
  responses: {
    200: {
      content: {
        "application/json": {
          schema: z.object({
            district: z.object({ id: z.string(), name: z.string(), state: z.string(), timeZone: z.string() }),
            role: z.enum(PORTAL_ROLES),
            schoolId: z.string().nullable(),
            sectionId: z.string().nullable(),
            apps: z.array(PortalAppSchema),
          }),
        },
      },
      description: "The apps this person sees",
    },
    ...errorResponses,
  },
});

export const portalRoutes = createRouter();
portalRoutes.use("/:ncesId/apps", requireActor);

portalRoutes.openapi(route, async (c) => {
  const { ncesId } = c.req.valid("param");
  const q = c.req.valid("query");
  const answer = await portalApps(c.get("db"), { vendorId: c.get("actor").vendorId, districtId: ncesId, role: q.role, schoolId: q.school, sectionId: q.section });
  return c.json(answer, 200);
});
