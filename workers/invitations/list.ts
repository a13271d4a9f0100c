// The Invited Districts tab and its API: one app's invitations, filtered by
// status, searched by district name, sorted and paged; counts per status for
// the tabs; and the same view as CSV.
import { and, count, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { districts, INVITATION_STATUSES, invitations, type InvitationStatus } from "../db/schema";
import { parseList } from "./summary";

export const LIST_STATUSES = ["all", ...INVITATION_STATUSES] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];
export const LIST_SORTS = ["newest", "oldest", "district", "launch", "status"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const PAGE_SIZE = 25;
export const CSV_LIMIT = 10_000;

export interface ListQuery {
  status?: ListStatus;
  q?: string;
  sort?: ListSort;
  page?: number;
  pageSize?: number;
}

export interface ListItem {
  id: string;
  districtId: string;
  district: { name: string; state: string };
  kind: "connect" | "onboarding";
  status: InvitationStatus;
  contacts: string[];
  contactName: string;
  createdAt: string;
  launchDate: string | null;
  decidedAt: string | null;
  url: string;
}

export interface ListResult {
  items: ListItem[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  counts: Record<ListStatus, number>;
  query: { status: ListStatus; q: string; sort: ListSort };
}

/** Normalises whatever came in a URL into a valid view (unknown values fall back to the defaults). */
export function normaliseQuery(raw: Record<string, string | null | undefined>): Required<Omit<ListQuery, "pageSize">> {
  const status = (LIST_STATUSES as readonly string[]).includes(raw.status ?? "") ? (raw.status as ListStatus) : "all";
  const sort = (LIST_SORTS as readonly string[]).includes(raw.sort ?? "") ? (raw.sort as ListSort) : "newest";
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(raw.page)) || 1));
  return { status, q: (raw.q ?? "").trim().slice(0, 100), sort, page };
}

function searchFilter(q: string): SQL | undefined {
  if (!q) return undefined;
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`${districts.name} LIKE ${pattern} ESCAPE '\\'`;
}

const ORDER: Record<ListSort, SQL[]> = {
  newest: [sql`${invitations.createdAt} DESC`, sql`${invitations.id}`],
  oldest: [sql`${invitations.createdAt} ASC`, sql`${invitations.id}`],
  district: [sql`${districts.name} COLLATE NOCASE ASC`, sql`${districts.state}`, sql`${invitations.createdAt} DESC`],
  launch: [sql`${invitations.launchDate} IS NULL`, sql`${invitations.launchDate} ASC`, sql`${invitations.createdAt} DESC`],
  status: [sql`${invitations.status} ASC`, sql`${invitations.createdAt} DESC`],
};

export async function listInvitations(db: Database, appId: string, query: ListQuery, opts: { all?: boolean } = {}): Promise<ListResult> {
  const q = normaliseQuery({ status: query.status, q: query.q, sort: query.sort, page: String(query.page ?? 1) });
  const pageSize = Math.max(1, Math.min(100, query.pageSize ?? PAGE_SIZE));
  const search = searchFilter(q.q);
  const scope = and(eq(invitations.appId, appId), search);
  const where = q.status === "all" ? scope : and(scope, eq(invitations.status, q.status));

  const grouped = await db
    .select({ status: invitations.status, n: count() })
    .from(invitations)
    .innerJoin(districts, eq(districts.id, invitations.districtId))
    .where(scope)
    .groupBy(invitations.status)
    .all();
  const counts = Object.fromEntries(LIST_STATUSES.map((s) => [s, 0])) as Record<ListStatus, number>;
  for (const g of grouped) {
    counts[g.status] = g.n;
    counts.all += g.n;
  }
  const total = counts[q.status];
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = opts.all ? 1 : Math.min(q.page, pages);

  const rows = await db
    .select({
      id: invitations.id, districtId: invitations.districtId, name: districts.name, state: districts.state, kind: invitations.kind,
      status: invitations.status, contactName: invitations.contactName, contactEmail: invitations.contactEmail,
      additionalEmails: invitations.additionalEmails, createdAt: invitations.createdAt, launchDate: invitations.launchDate, decidedAt: invitations.decidedAt,
    })
    .from(invitations)
    .innerJoin(districts, eq(districts.id, invitations.districtId))
    .where(where)
    .orderBy(...ORDER[q.sort])
    .limit(opts.all ? CSV_LIMIT : pageSize)
    .offset(opts.all ? 0 : (page - 1) * pageSize)
    .all();

  return {
    items: rows.map((r) => ({
      id: r.id, districtId: r.districtId, district: { name: r.name, state: r.state }, kind: r.kind, status: r.status,
      contacts: [r.contactEmail, ...parseList(r.additionalEmails)], contactName: r.contactName,
      createdAt: new Date(r.createdAt).toISOString(), launchDate: r.launchDate,
      decidedAt: r.decidedAt === null ? null : new Date(r.decidedAt).toISOString(), url: `/invitations/${r.id}`,
    })),
    total, page, pageSize, pages, counts, query: { status: q.status, q: q.q, sort: q.sort },
  };
}

/** One CSV field: quoted when needed, and defused against spreadsheet formulas. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function invitationsCsv(items: ListItem[]): string {
  const header = ["District", "State", "NCES ID", "Kind", "Status", "Contact", "Contact emails", "Sent", "Launch date", "Decided"];
  const lines = items.map((i) =>
    [i.district.name, i.district.state, i.districtId, i.kind, i.status, i.contactName, i.contacts.join("; "), i.createdAt.slice(0, 10), i.launchDate ?? "", i.decidedAt?.slice(0, 10) ?? ""]
      .map(csvField).join(","),
  );
  return `${[header.join(","), ...lines].join("\r\n")}\r\n`;
}

