// District search that reads few rows. The FTS5 rowid is districts.search_rank
// (size order), so a MATCH read in rowid order yields the biggest districts
// first and a LIMIT stops early. Three disjoint tiers (exact name, name prefix,
// all words in any order; see tiers.ts) make up the order; pages after the
// first few are reached by a keyset cursor so a deep page costs what page 1
// costs. A search is one D1 batch (one round trip): the app's fields, a count
// of matches up to TOTAL_CAP (shown as "60+"), and the page with its details
// and coverage. A second reading of the query (without a state read out of it)
// costs a second batch only when the first finds nothing. Raw D1 statements so
// meta.rows_read (what D1 bills) can be summed and reported.
import type { Database } from "../db/client";
import type { SyncStatus } from "../db/schema";
import { appFieldsStatement, compatibilityOf } from "./compatibility";
import { cursorText, MAX_PAGE, PAGE_SIZE, parseQuery, type SearchParams } from "./query";
import { stateName } from "./states";
import { countStatement, idStatement, pageStatement, sortRows, type PageRow } from "./tiers";

/** Counting stops here ("60+"). */
export const TOTAL_CAP = 60;
export interface SearchRow {
  id: string;
  name: string;
  state: string;
  city: string;
  onHomeroom: boolean;
  syncStatus: SyncStatus | null;
  /** 0-100 for the acting app's fields; null for Off-Homeroom districts. */
  compatibility: number | null;
}

export interface SearchPage {
  results: SearchRow[];
  total: number;
  /** True when there are more than `total` matches (total is the cap). */
  totalIsEstimate: boolean;
  page: number;
  pageSize: number;
  /** The state read out of the query text, when that reading was used. */
  stateFromQuery: string | null;
  /** For an empty query: what to type instead of a list of every district. */
  guidance: string | null;
  /** Cursor for page + 1 ("after"), or null when this is the last page. */
  nextCursor: string | null;
  /** Cursor for page - 1 ("before") when that page is 2 or later; page 1 needs none. */
  prevCursor: string | null;
  /** D1 rows read by this search (billing), including compatibility. */
  rowsRead: number;
}

const GUIDANCE = "Type part of a district's name (words in any order, e.g. \"springfield il\") or its 7-digit NCES ID.";

const rowsReadOf = (results: D1Result[]) => results.reduce((sum, r) => sum + (r.meta.rows_read ?? 0), 0);

function toSearchRow(r: PageRow, appFields: string[]): SearchRow {
  const on = Boolean(r.on_homeroom);
  let compatibility: number | null = null;
  if (on) {
    const coverage = new Map(Object.entries(JSON.parse(r.coverage ?? "{}") as Record<string, number>));
    compatibility = compatibilityOf(appFields, coverage).score;
  }
  return { id: r.id, name: r.name, state: r.state, city: r.city, onHomeroom: on, syncStatus: on ? (r.status as SyncStatus | null) : null, compatibility };
}

/** Searches the directory for the acting app. `input` comes from parseSearchParams. */
export async function searchDistricts(db: Database, input: SearchParams & { appId: string }): Promise<SearchPage> {
  const d1 = db.$client;
  const base = { page: input.page, pageSize: PAGE_SIZE, stateFromQuery: null, guidance: null, nextCursor: null, prevCursor: null };
  const parsed = parseQuery(input.q, input.state);
  if (parsed.kind === "empty") return { ...base, results: [], total: 0, totalIsEstimate: false, guidance: GUIDANCE, rowsRead: 0 };

  const fieldsStmt = appFieldsStatement(d1, input.appId);
  const fieldsOf = (r: D1Result) => (r.results as Array<{ field: string }>).map((f) => f.field);
  if (parsed.kind === "id") {
    const [fieldsRes, rowRes] = await d1.batch([fieldsStmt, idStatement(d1, parsed.id)]);
    const appFields = fieldsRes ? fieldsOf(fieldsRes) : [];
    const rows = ((rowRes?.results ?? []) as PageRow[]).map((r) => toSearchRow(r, appFields));
    const kept = rows.filter((r) => (!input.state || r.state === input.state) && (!input.on || r.onHomeroom === (input.on === "on")));
    const rowsRead = (fieldsRes?.meta.rows_read ?? 0) + (rowRes?.meta.rows_read ?? 0);
    return { ...base, results: input.page === 1 ? kept : [], total: kept.length, totalIsEstimate: false, rowsRead };
  }

  const offset = input.after || input.before ? 0 : (input.page - 1) * PAGE_SIZE;
  let rowsRead = 0;
  let appFields: string[] | null = null;
  let total = 0;
  let rows: PageRow[] = [];
  let stateFromQuery: string | null = null;
  for (const reading of parsed.readings) {
    const statements = [countStatement(d1, reading, input.on, TOTAL_CAP), pageStatement(d1, reading, { on: input.on, after: input.after, before: input.before, offset })];
    const results = await d1.batch(appFields ? statements : [...statements, fieldsStmt]);
    rowsRead += rowsReadOf(results);
    if (!appFields) appFields = fieldsOf(results[2] as D1Result);
    total = (results[0]?.results[0] as { n: number } | undefined)?.n ?? 0;
    rows = (results[1]?.results ?? []) as PageRow[];
    stateFromQuery = reading.stateFromQuery && reading.state ? reading.state : null;
    if (total > 0) break;
  }
  const shown = sortRows(rows);
  const first = shown[0];
  const last = shown[shown.length - 1];
  // No look-ahead row (it would cost its coverage): a full page whose end the count has not reached has a next page.
  const hasNext = Boolean(input.before) || (shown.length === PAGE_SIZE && (input.page * PAGE_SIZE < total || total > TOTAL_CAP));
  return {
    ...base,
    results: shown.map((r) => toSearchRow(r, appFields ?? [])),
    total: Math.min(total, TOTAL_CAP),
    totalIsEstimate: total > TOTAL_CAP,
    stateFromQuery,
    nextCursor: hasNext && last && input.page < MAX_PAGE ? cursorText({ tier: last.tier as 0 | 1 | 2, rank: last.rank }) : null,
    prevCursor: first && input.page > 2 ? cursorText({ tier: first.tier as 0 | 1 | 2, rank: first.rank }) : null,
    rowsRead,
  };
}

/** "Showing districts in Illinois" style note for a state read from the query. */
export function stateNote(page: SearchPage): string | null {
  return page.stateFromQuery ? `Showing districts in ${stateName(page.stateFromQuery)}` : null;
}
