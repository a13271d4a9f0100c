// Reading inbound requests. Vendors see only confirmed requests (pending,
// approved, rejected) of the acting app: another app's id, or a request not
// yet confirmed by its sender, is a 404. The public side reads an app's name,
// vendor and description for the request form.
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { accessRequests, apps, districts, vendors, type RequestStatus } from "../db/schema";
import { notFound } from "../lib/errors";
import { districtTimeZone } from "../lib/time";

export const VISIBLE_STATUSES = ["pending", "approved", "rejected"] as const satisfies readonly RequestStatus[];
export type VisibleStatus = (typeof VISIBLE_STATUSES)[number];
export const LIST_FILTERS = [...VISIBLE_STATUSES, "all"] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];
export const PAGE_SIZE = 50;

export interface RequestView {
  id: string;
  appId: string;
  status: VisibleStatus;
  district: { id: string; name: string; state: string; timeZone: string };
  requester: { name: string; email: string; role: string };
  message: string;
  /** Set on approval: calendar date in the district's zone, or null (launched at approval). */
  launchDate: string | null;
  decisionReason: string | null;
  connectionId: string | null;
  createdAt: number;
  confirmedAt: number | null;
  decidedAt: number | null;
}

const columns = { r: accessRequests, districtName: districts.name, districtState: districts.state, tz: districts.timeZoneOverride };
type Joined = { r: typeof accessRequests.$inferSelect; districtName: string | null; districtState: string | null; tz: string | null };

function toView(j: Joined): RequestView {
  const state = j.districtState ?? "";
  return {
    id: j.r.id,
    appId: j.r.appId,
    status: j.r.status as VisibleStatus,
    district: { id: j.r.districtId, name: j.districtName ?? j.r.districtId, state, timeZone: districtTimeZone({ state, timeZoneOverride: j.tz }) },
    requester: { name: j.r.requesterName, email: j.r.requesterEmail, role: j.r.requesterRole },
    message: j.r.message,
    launchDate: j.r.launchDate,
    decisionReason: j.r.decisionReason,
    connectionId: j.r.connectionId,
    createdAt: j.r.createdAt,
    confirmedAt: j.r.confirmedAt,
    decidedAt: j.r.decidedAt,
  };
}

export async function getRequest(db: Database, actor: { appId: string }, id: string): Promise<RequestView> {
  const row = await db
    .select(columns)
    .from(accessRequests)
    .leftJoin(districts, eq(districts.id, accessRequests.districtId))
    .where(and(eq(accessRequests.id, id), eq(accessRequests.appId, actor.appId), inArray(accessRequests.status, [...VISIBLE_STATUSES])))
    .get();
  if (!row) throw notFound("Request");
  return toView(row);
}

export interface RequestList {
  requests: RequestView[];
  counts: Record<ListFilter, number>;
  total: number;
  page: number;
  pageSize: number;
}

/** Pending first (they need an answer), then newest first. */
export async function listRequests(db: Database, actor: { appId: string }, f: { status?: ListFilter; page?: number } = {}): Promise<RequestList> {
  const status = f.status ?? "all";
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const shown = status === "all" ? [...VISIBLE_STATUSES] : [status];
  const where = and(eq(accessRequests.appId, actor.appId), inArray(accessRequests.status, shown));
  const [rows, groups] = await db.batch([
    db
      .select(columns)
      .from(accessRequests)
      .leftJoin(districts, eq(districts.id, accessRequests.districtId))
      .where(where)
      .orderBy(sql`CASE ${accessRequests.status} WHEN 'pending' THEN 0 ELSE 1 END`, desc(accessRequests.createdAt), accessRequests.id)
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db
      .select({ status: accessRequests.status, n: count() })
      .from(accessRequests)
      .where(and(eq(accessRequests.appId, actor.appId), inArray(accessRequests.status, [...VISIBLE_STATUSES])))
      .groupBy(accessRequests.status),
  ]);
  const counts: Record<ListFilter, number> = { pending: 0, approved: 0, rejected: 0, all: 0 };
  for (const g of groups) {
    if ((VISIBLE_STATUSES as readonly string[]).includes(g.status)) counts[g.status as VisibleStatus] = g.n;
    counts.all += g.n;
  }
  return { requests: rows.map(toView), counts, total: counts[status], page, pageSize: PAGE_SIZE };
}

export interface PublicApp {
  id: string;
  name: string;
  description: string;
  vendorId: string;
  vendorName: string;
}

/** The app a public request page is about, or null (the page answers 404). */
export async function publicApp(db: Database, appId: string): Promise<PublicApp | null> {
  if (!appId || appId.length > 64) return null;
  const row = await db
    .select({ id: apps.id, name: apps.name, description: apps.description, vendorId: apps.vendorId, vendorName: vendors.name })
    .from(apps)
    .innerJoin(vendors, eq(vendors.id, apps.vendorId))
    .where(eq(apps.id, appId))
    .get();
  return row ?? null;
}
