// Reading connections for the vendor that owns them: one, or a filtered page.
// Every read is scoped by the acting app, so another vendor's id is a 404.
import { and, count, desc, eq, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { connections, districts } from "../db/schema";
import { notFound } from "../lib/errors";
import { districtTimeZone } from "../lib/time";
import { sharingOf, type Sharing } from "./sharing";

export const CONNECTION_STATUSES = ["scheduled", "launched"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export interface ConnectionView {
  id: string;
  appId: string;
  districtId: string;
  district: { name: string; state: string; timeZone: string };
  invitationId: string | null;
  /** Calendar date in the district's zone; null when it launched on acceptance. */
  launchDate: string | null;
  /** UTC ms of local midnight on launchDate (or of acceptance). */
  launchAt: number | null;
  launchedAt: number | null;
  status: ConnectionStatus;
  sharing: Sharing;
  contact: { name: string; email: string };
  createdAt: number;
  updatedAt: number;
}

const columns = {
  c: connections,
  districtName: districts.name,
  districtState: districts.state,
  tz: districts.timeZoneOverride,
};

type Joined = { c: typeof connections.$inferSelect; districtName: string | null; districtState: string | null; tz: string | null };

async function toView(db: Database, r: Joined, withSharing = true): Promise<ConnectionView> {
  const state = r.districtState ?? "";
  return {
    id: r.c.id,
    appId: r.c.appId,
    districtId: r.c.districtId,
    district: { name: r.districtName ?? r.c.districtId, state, timeZone: districtTimeZone({ state, timeZoneOverride: r.tz }) },
    invitationId: r.c.invitationId,
    launchDate: r.c.launchDate,
    launchAt: r.c.launchAt,
    launchedAt: r.c.launchedAt,
    status: r.c.launchedAt === null ? "scheduled" : "launched",
    sharing: withSharing ? await sharingOf(db, r.c.id, r.c.shareMode) : { mode: r.c.shareMode, schoolIds: [], sectionIds: [] },
    contact: { name: r.c.contactName, email: r.c.contactEmail },
    createdAt: r.c.createdAt,
    updatedAt: r.c.updatedAt,
  };
}

/** A connection by id, any app (for the district's manage link and the clock). */
export async function connectionById(db: Database, id: string): Promise<ConnectionView | null> {
  const row = await db.select(columns).from(connections).leftJoin(districts, eq(districts.id, connections.districtId)).where(eq(connections.id, id)).get();
  return row ? toView(db, row) : null;
}

export async function getConnection(db: Database, actor: { appId: string }, id: string): Promise<ConnectionView> {
  const view = await connectionById(db, id);
  if (!view || view.appId !== actor.appId) throw notFound("Connection");
  return view;
}

export interface ConnectionFilter {
  status?: ConnectionStatus;
  q?: string;
  page?: number;
  pageSize?: number;
}

export async function listConnections(db: Database, actor: { appId: string }, f: ConnectionFilter = {}) {
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.floor(f.pageSize ?? 25)));
  const where: SQL[] = [eq(connections.appId, actor.appId)];
  if (f.status === "scheduled") where.push(isNull(connections.launchedAt));
  if (f.status === "launched") where.push(isNotNull(connections.launchedAt));
  const q = f.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const cond = or(sql`${districts.name} LIKE ${pattern} ESCAPE '\\'`, eq(connections.districtId, q), eq(districts.state, q.toUpperCase()));
    if (cond) where.push(cond);
  }
  const filter = and(...where);
  const [rows, totals] = await db.batch([
    db
      .select(columns)
      .from(connections)
      .leftJoin(districts, eq(districts.id, connections.districtId))
      .where(filter)
      .orderBy(desc(connections.createdAt), connections.id)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(connections).leftJoin(districts, eq(districts.id, connections.districtId)).where(filter),
  ]);
  return { connections: await Promise.all(rows.map((r) => toView(db, r))), total: totals[0]?.n ?? 0, page, pageSize };
}
