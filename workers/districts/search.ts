// District search that reads few rows. The FTS5 rowid is districts.search_rank
// (size order), so a MATCH read in rowid order yields the biggest districts
// first and a LIMIT stops early. Three tiers, each limited to what the page
// needs: exact name (name_key index), name prefix (FTS initial-token phrase),
// all words in any order; merged in that order and deduplicated. The total is
// counted up to TOTAL_CAP (shown as "60+"). State and On/Off filters are
// tokens in the FTS `tags` column. Raw D1 statements so meta.rows_read (what D1
// bills) can be summed and reported.
import type { Database } from "../db/client";
import type { SyncStatus } from "../db/schema";
import { appFieldsStatement, compatibilityFrom, coverageStatement, type CoverageRow } from "./compatibility";
import { PAGE_SIZE, parseQuery, type Reading, type SearchParams } from "./query";
import { stateName } from "./states";

/** Counting stops here ("60+"): the all-words tier reads at most this many rows plus one. */
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
  /** D1 rows read by this search (billing), including compatibility. */
  rowsRead: number;
}

const GUIDANCE = "Type part of a district's name (words in any order, e.g. \"springfield il\") or its 7-digit NCES ID.";

interface Hit {
  id: string;
  rank: number;
}

const ftsStatement = (d1: D1Database, match: string, limit: number) =>
  d1.prepare("SELECT rowid AS rank, district_id AS id FROM district_fts WHERE district_fts MATCH ?1 LIMIT ?2").bind(match, limit);

function tagFilter(reading: Reading, on: SearchParams["on"]): string {
  const tags: string[] = [];
  if (reading.state) tags.push(`tags : "st${reading.state.toLowerCase()}"`);
  if (on) tags.push(`tags : "${on === "on" ? "hron" : "hroff"}"`);
  return tags.map((t) => ` AND ${t}`).join("");
}

/** Exact name, name prefix and all-words statements for one reading, each limited to what `page` needs. */
function tierStatements(d1: D1Database, reading: Reading, params: SearchParams): { statements: D1PreparedStatement[]; cap: number } {
  const need = params.page * PAGE_SIZE + 1;
  const ws = reading.words;
  const tags = tagFilter(reading, params.on);
  const last = ws.length - 1;
  const allWords = `name : (${ws.map((w, i) => `"${w}"${i === last ? "*" : ""}`).join(" AND ")})${tags}`;
  const prefix = `name : ^"${ws.join(" ")}"*${tags}`;
  const conds = ["name_key = ?1"];
  const binds: Array<string | number> = [ws.join(" ")];
  if (reading.state) conds.push(`state = ?${binds.push(reading.state)}`);
  if (params.on) conds.push(`on_homeroom = ?${binds.push(params.on === "on" ? 1 : 0)}`);
  // INDEXED BY: without it the planner may walk the state or rank index and read thousands of rows.
  const exact = d1
    .prepare(`SELECT id, search_rank AS rank FROM districts INDEXED BY districts_name_key_idx WHERE ${conds.join(" AND ")} ORDER BY search_rank LIMIT ?${binds.push(need)}`)
    .bind(...binds);
  const cap = Math.max(TOTAL_CAP, need - 1);
  return { statements: [exact, ftsStatement(d1, prefix, need), ftsStatement(d1, allWords, cap + 1)], cap };
}

interface Ranked {
  ids: string[];
  total: number;
  more: boolean;
}

function merge(tiers: Hit[][], cap: number): Ranked {
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const h of tiers.flat()) {
    if (!seen.has(h.id)) {
      seen.add(h.id);
      ids.push(h.id);
    }
  }
  const all = tiers[tiers.length - 1] ?? [];
  return { ids, total: Math.min(Math.max(all.length, ids.length), cap), more: all.length > cap };
}

interface DetailRow {
  id: string;
  name: string;
  state: string;
  city: string;
  on_homeroom: number;
  status: SyncStatus | null;
}

/** Result rows in the given order with compatibility: one batch (details + coverage). */
async function rowsFor(d1: D1Database, ids: string[], appFields: string[]): Promise<{ rows: SearchRow[]; rowsRead: number }> {
  if (ids.length === 0) return { rows: [], rowsRead: 0 };
  const marks = ids.map((_, i) => `?${i + 1}`).join(",");
  const details = d1
    .prepare(`SELECT d.id, d.name, d.state, d.city, d.on_homeroom, s.status FROM districts d LEFT JOIN district_sync s ON s.district_id = d.id WHERE d.id IN (${marks})`)
    .bind(...ids);
  const coverage = coverageStatement(d1, ids, appFields);
  const [detailRes, coverageRes] = await d1.batch<DetailRow | CoverageRow>(coverage ? [details, coverage] : [details]);
  const detailRows = (detailRes?.results ?? []) as DetailRow[];
  const compat = compatibilityFrom(ids, appFields, (coverageRes?.results ?? []) as CoverageRow[]);
  const byId = new Map(detailRows.map((r) => [r.id, r]));
  const rows: SearchRow[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    const on = Boolean(r.on_homeroom);
    rows.push({
      id: r.id, name: r.name, state: r.state, city: r.city, onHomeroom: on,
      syncStatus: on ? r.status : null,
      compatibility: on ? (compat.get(id)?.score ?? null) : null,
    });
  }
  return { rows, rowsRead: (detailRes?.meta.rows_read ?? 0) + (coverageRes?.meta.rows_read ?? 0) };
}

const rowsReadOf = (results: D1Result[]) => results.reduce((sum, r) => sum + (r.meta.rows_read ?? 0), 0);

/** Searches the directory for the acting app. `params` comes from parseSearchParams. */
export async function searchDistricts(db: Database, input: SearchParams & { appId: string }): Promise<SearchPage> {
  const d1 = db.$client;
  const base = { page: input.page, pageSize: PAGE_SIZE, stateFromQuery: null, guidance: null };
  const parsed = parseQuery(input.q, input.state);
  if (parsed.kind === "empty") return { ...base, results: [], total: 0, totalIsEstimate: false, guidance: GUIDANCE, rowsRead: 0 };

  const fieldsStmt = appFieldsStatement(d1, input.appId);
  if (parsed.kind === "id") {
    const fieldsRes = await fieldsStmt.all<{ field: string }>();
    const { rows, rowsRead } = await rowsFor(d1, [parsed.id], fieldsRes.results.map((r) => r.field));
    const kept = rows.filter((r) => (!input.state || r.state === input.state) && (!input.on || r.onHomeroom === (input.on === "on")));
    return { ...base, results: input.page === 1 ? kept : [], total: kept.length, totalIsEstimate: false, rowsRead: rowsRead + fieldsRes.meta.rows_read };
  }

  // First batch: the app's fields and the first reading's tiers; a second reading only if the first found nothing.
  let rowsRead = 0;
  let appFields: string[] | null = null;
  let ranked: Ranked = { ids: [], total: 0, more: false };
  let stateFromQuery: string | null = null;
  for (const reading of parsed.readings) {
    const { statements, cap } = tierStatements(d1, reading, input);
    const results: D1Result<Hit | { field: string }>[] = await d1.batch<Hit | { field: string }>(appFields ? statements : [...statements, fieldsStmt]);
    rowsRead += rowsReadOf(results);
    if (!appFields) appFields = ((results.pop()?.results ?? []) as Array<{ field: string }>).map((r) => r.field);
    ranked = merge(results.map((r) => r.results as Hit[]), cap);
    stateFromQuery = reading.stateFromQuery && reading.state ? reading.state : null;
    if (ranked.total > 0) break;
  }
  const start = (input.page - 1) * PAGE_SIZE;
  const details = await rowsFor(d1, ranked.ids.slice(start, start + PAGE_SIZE), appFields ?? []);
  return { ...base, results: details.rows, total: ranked.total, totalIsEstimate: ranked.more, stateFromQuery, rowsRead: rowsRead + details.rowsRead };
}

/** "Showing districts in Illinois" style note for a state read from the query. */
export function stateNote(page: SearchPage): string | null {
  return page.stateFromQuery ? `Showing districts in ${stateName(page.stateFromQuery)}` : null;
}
