// /api/districts: search the directory and read one district, for the acting
// vendor's app. Thin: validation and OpenAPI here, the work in workers/districts.
// Search responses carry `x-rows-read` and `Server-Timing` so the benchmark can
// measure D1 rows read through the real stack.
import { createRoute, z } from "@hono/zod-openapi";
import { SYNC_OWNERS, SYNC_STATUSES } from "../db/schema";
import { getDistrict } from "../districts/district";
import { MAX_PAGE, MAX_QUERY, OFFSET_PAGES, parseSearchParams } from "../districts/query";
import { searchDistricts } from "../districts/search";
import { isStateCode } from "../districts/states";
import { createRouter, errorResponses, requireActor } from "./router";

export const districtsRoutes = createRouter();

const SearchQuery = z.object({
  q: z.string().max(MAX_QUERY, `Keep the search under ${MAX_QUERY} characters`).optional().default("")
    .openapi({ description: "Name words in any order (last word may be partial), optionally a trailing state; or a 7-digit NCES ID", example: "springfield il" }),
  state: z.string().refine((s) => s === "" || isStateCode(s), { message: "Not a state or territory code" }).optional()
    .openapi({ description: "2-letter state or territory code", example: "IL" }),
  on: z.string().refine((s) => s === "" || s === "on" || s === "off", { message: `"on" must be "on" or "off"` }).optional()
    .openapi({ type: "string", enum: ["on", "off"], description: "On or Off Homeroom" }),
  page: z.string().regex(/^\d+$/, "Page must be a whole number").transform(Number)
    .refine((n) => n >= 1 && n <= MAX_PAGE, { message: `Page must be from 1 to ${MAX_PAGE}` }).optional()
    .openapi({ type: "integer", description: `1-based page of 20. Pages 1-${OFFSET_PAGES} by number; later pages (up to ${MAX_PAGE}) with the \`after\` cursor of the page before`, example: "1" }),
  after: z.string().optional().openapi({ description: "`nextCursor` of the previous page: this page starts after it", example: "2.1234" }),
  before: z.string().optional().openapi({ description: "`prevCursor` of the next page: this page ends before it" }),
});

const SyncStatusEnum = z.enum(SYNC_STATUSES);

const SearchRow = z.object({
  id: z.string().openapi({ example: "0100005" }),
  name: z.string(),
  state: z.string(),
  city: z.string(),
  onHomeroom: z.boolean(),
  syncStatus: SyncStatusEnum.nullable(),
  compatibility: z.number().int().min(0).max(100).nullable().openapi({ description: "Score for the acting app's fields; null when Off Homeroom" }),
}).openapi("DistrictSearchRow");

const SearchResponse = z.object({
  results: z.array(SearchRow),
  total: z.number().int(),
  totalIsEstimate: z.boolean().openapi({ description: "More matches exist than `total` (the count stops at a cap)" }),
  page: z.number().int(),
  pageSize: z.number().int(),
  stateFromQuery: z.string().nullable().openapi({ description: "State read out of the query text, when used as a filter" }),
  guidance: z.string().nullable().openapi({ description: "Set for an empty query instead of listing every district" }),
  nextCursor: z.string().nullable().openapi({ description: "Pass as `after` with page + 1 for the next page; null on the last page" }),
  prevCursor: z.string().nullable().openapi({ description: "Pass as `before` with page - 1 (when that is 2 or later)" }),
}).openapi("DistrictSearch");

const search = createRoute({
  method: "get",
  path: "/",
  summary: "Search districts",
  middleware: [requireActor] as const,
  request: { query: SearchQuery },
  responses: { 200: { content: { "application/json": { schema: SearchResponse } }, description: "A page of matches, best first" }, ...errorResponses },
});

districtsRoutes.openapi(search, async (c) => {
  const { q, state, on, page, after, before } = c.req.valid("query");
  const params = parseSearchParams({ q, state, on, page: page ?? 1, after, before });
  const started = Date.now();
  const { rowsRead, ...body } = await searchDistricts(c.get("db"), { ...params, appId: c.get("actor").appId });
  c.header("x-rows-read", String(rowsRead));
  c.header("server-timing", `search;dur=${Date.now() - started};desc="rows read ${rowsRead}"`);
  return c.json(body, 200);
});

const FieldCompat = z.object({
  field: z.string().openapi({ example: "teacher.email" }),
  label: z.string(),
  coverage: z.number().min(0).max(1),
  status: z.enum(["ok", "partial", "missing"]),
});

const DistrictResponse = z.object({
  id: z.string(), name: z.string(), state: z.string(), city: z.string(), zip: z.string(), phone: z.string(), website: z.string(),
  leaType: z.string(),
  grades: z.object({ low: z.string().nullable(), high: z.string().nullable() }),
  schoolCount: z.number().int(),
  students: z.number().int().nullable(),
  timeZone: z.string().openapi({ example: "America/Chicago" }),
  onHomeroom: z.boolean(),
  syncStatus: z.object({
    status: SyncStatusEnum, owner: z.enum(SYNC_OWNERS), lastSyncAt: z.number().int().nullable(), pausedUntil: z.string().nullable(), detail: z.string(),
  }).nullable(),
  compatibility: z.object({ score: z.number().int(), fields: z.array(FieldCompat) }).nullable()
    .openapi({ description: "For the acting app; null (unknown) when Off Homeroom" }),
  schools: z.array(z.object({ id: z.string(), name: z.string(), city: z.string(), lowGrade: z.string().nullable(), highGrade: z.string().nullable() })),
}).openapi("District");

const getOne = createRoute({
  method: "get",
  path: "/{ncesId}",
  summary: "Read one district",
  middleware: [requireActor] as const,
  request: { params: z.object({ ncesId: z.string().regex(/^\d{7}$/, "A district id is its 7-digit NCES ID").openapi({ example: "0100005" }) }) },
  responses: { 200: { content: { "application/json": { schema: DistrictResponse } }, description: "The district with its schools and compatibility" }, ...errorResponses },
});

districtsRoutes.openapi(getOne, async (c) => {
  const { ncesId } = c.req.valid("param");
  return c.json(await getDistrict(c.get("db"), { id: ncesId, appId: c.get("actor").appId }), 200);
});
