// /api/bulk-invitations: upload a sheet (checked, nothing sent), read it with
// its progress, confirm it (sending starts at once and the cron continues),
// cancel it. Thin: zod schemas for the OpenAPI document, then workers/bulk.
import { createRoute, z } from "@hono/zod-openapi";
import { createImport } from "../bulk/check";
import { BULK_COLUMNS, MAX_BYTES } from "../bulk/csv";
import { getImport } from "../bulk/read";
import { cancelImport, sendForAWhile, startSend } from "../bulk/send";
import { deliverDue } from "../email/deliver";
import { BULK_ROW_STATUSES, BULK_STATUSES } from "../db/schema";
import { conflictResponse, createRouter, errorResponses, jsonContent, nowOf, requireActor } from "./router";

const Cells = z.object(Object.fromEntries(BULK_COLUMNS.map((c) => [c, z.string()])) as Record<(typeof BULK_COLUMNS)[number], z.ZodString>);
const RowSchema = z.object({
  rowNumber: z.number(),
  status: z.enum(BULK_ROW_STATUSES),
  values: Cells,
  district: z.object({ id: z.string(), name: z.string(), state: z.string(), onHomeroom: z.boolean() }).nullable(),
  errors: z.record(z.string(), z.string()).openapi({ description: "Column (or \"row\") to the problem found there" }),
  invitationId: z.string().nullable(),
  waitingFor: z.string().nullable().openapi({ description: "Set while the row waits for the app's sending limit" }),
});
const ImportSchema = z.object({
  id: z.string(),
  status: z.enum(BULK_STATUSES),
  fileName: z.string(),
  createdAt: z.string(),
  counts: z.object({
    total: z.number(), ready: z.number(), invalid: z.number(), skipped: z.number(),
    queued: z.number(), waiting: z.number(), sent: z.number(), failed: z.number(),
  }),
  rows: z.array(RowSchema),
}).openapi("BulkImport");

const RowInput = Cells.partial().extend({ nces_id: z.string() });
const UploadSchema = z.object({
  csv: z.string().max(MAX_BYTES).optional().openapi({ description: `CSV text with a header line naming the columns: ${BULK_COLUMNS.join(", ")}` }),
  rows: z.array(RowInput).max(2000).optional().openapi({ description: "Or the rows as objects keyed by those columns" }),
  fileName: z.string().max(200).optional(),
}).refine((b) => b.csv !== undefined || b.rows !== undefined, { message: "Send csv or rows", path: ["csv"] }).openapi("BulkUpload");

const IdParam = z.object({ id: z.string().min(1).max(80).openapi({ param: { name: "id", in: "path" } }) });

/** Rows given as objects become the same CSV a file would be, so both take one path. */
function rowsToCsv(rows: z.infer<typeof RowInput>[]): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return [BULK_COLUMNS.join(","), ...rows.map((r) => BULK_COLUMNS.map((c) => quote(r[c] ?? "")).join(","))].join("\n");
}

const uploadRoute = createRoute({
  method: "post", path: "/", tags: ["Bulk invitations"],
  summary: "Upload a sheet of districts and contacts; every row is checked and nothing is sent",
  middleware: [requireActor] as const,
  request: { body: { content: { "application/json": { schema: UploadSchema } }, required: true } },
  responses: { 201: jsonContent(ImportSchema, "The checked import"), ...errorResponses },
});
const getRoute = createRoute({
  method: "get", path: "/{id}", tags: ["Bulk invitations"],
  summary: "An import: status, counts (sent, failed, remaining) and every row",
  middleware: [requireActor] as const,
  request: { params: IdParam, query: z.object({ rows: z.enum(["0", "1"]).optional().openapi({ description: "0 leaves the rows out (for progress polling)" }) }) },
  responses: { 200: jsonContent(ImportSchema, "The import"), ...errorResponses },
});
const sendRoute = createRoute({
  method: "post", path: "/{id}/send", tags: ["Bulk invitations"],
  summary: "Confirm: send an invitation for every ready row (in chunks; continues on its own)",
  middleware: [requireActor] as const,
  request: { params: IdParam },
  responses: { 202: jsonContent(ImportSchema, "Sending has started (or continues)"), ...errorResponses, ...conflictResponse },
});
const cancelRoute = createRoute({
  method: "post", path: "/{id}/cancel", tags: ["Bulk invitations"],
  summary: "Cancel a checked import before it is sent",
  middleware: [requireActor] as const,
  request: { params: IdParam },
  responses: { 200: jsonContent(ImportSchema, "The import, cancelled"), ...errorResponses, ...conflictResponse },
});

export const bulkRoutes = createRouter()
  .openapi(uploadRoute, async (c) => {
    const db = c.get("db");
    const actor = c.get("actor");
    const body = c.req.valid("json");
    const id = await createImport(db, actor, { csv: body.csv ?? rowsToCsv(body.rows ?? []), fileName: body.fileName }, nowOf(c));
    return c.json(await getImport(db, actor.appId, id), 201);
  })
  .openapi(getRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await getImport(c.get("db"), c.get("actor").appId, id, c.req.valid("query").rows !== "0"), 200);
  })
  .openapi(sendRoute, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    const appId = c.get("actor").appId;
    await startSend(db, appId, id, nowOf(c));
    c.executionCtx.waitUntil(sendForAWhile(db, c.env, id).then(() => deliverDue(db, c.env, Date.now())));
    return c.json(await getImport(db, appId, id, false), 202);
  })
  .openapi(cancelRoute, async (c) => {
    const db = c.get("db");
    const { id } = c.req.valid("param");
    await cancelImport(db, c.get("actor").appId, id, nowOf(c));
    return c.json(await getImport(db, c.get("actor").appId, id), 200);
  });
