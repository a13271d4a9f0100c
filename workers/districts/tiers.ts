// The SQL of one search page, as ONE statement so a search is one D1 round
// trip. Results come in three disjoint tiers, each in size order (search_rank,
// which is also the FTS rowid): 0 exact name, 1 name starting with the query,
// 2 every other name with all the words. A page is addressed by offset (first
// pages) or by a keyset cursor "tier.rank" of the row next to it, so a deep
// page reads about as many rows as the first: each tier reads at most
// offset + PAGE_SIZE rows, and with a cursor the offset is 0.
// The same statement joins each row's details and, for On-Homeroom rows, its
// coverage (one primary-key range per district) as JSON.
import { PAGE_SIZE, type Cursor, type Reading, type SearchParams } from "./query";

export type Tier = 0 | 1 | 2;
const TIERS: Tier[] = [0, 1, 2];

export interface PageRow {
  tier: number;
  rank: number;
  id: string;
  name: string;
  state: string;
  city: string;
  on_homeroom: number;
  status: string | null;
  /** JSON object field -> coverage; null when Off Homeroom. */
  coverage: string | null;
}

class Binds {
  values: Array<string | number> = [];
  add(v: string | number): string {
    return `?${this.values.push(v)}`;
  }
}

/** FTS5 match expressions of a reading: all words (last one a prefix), and name starting with the words. */
export function matchExpressions(reading: Reading, on: SearchParams["on"]): { all: string; prefix: string; startsWith: string } {
  const ws = reading.words;
  const last = ws.length - 1;
  const tags: string[] = [];
  if (reading.state) tags.push(`tags : "st${reading.state.toLowerCase()}"`);
  if (on) tags.push(`tags : "${on === "on" ? "hron" : "hroff"}"`);
  const tagText = tags.map((t) => ` AND ${t}`).join("");
  const startsWith = `name : ^"${ws.join(" ")}"*`;
  return { all: `name : (${ws.map((w, i) => `"${w}"${i === last ? "*" : ""}`).join(" AND ")})${tagText}`, prefix: `${startsWith}${tagText}`, startsWith };
}

/** How many districts match, counted up to `cap` + 1 (the all-words set contains the other tiers). */
export function countStatement(d1: D1Database, reading: Reading, on: SearchParams["on"], cap: number): D1PreparedStatement {
  return d1
    .prepare("SELECT count(*) AS n FROM (SELECT 1 FROM district_fts WHERE district_fts MATCH ?1 LIMIT ?2)")
    .bind(matchExpressions(reading, on).all, cap + 1);
}

/**
 * Details and coverage for the rows of a `page(tier, rank, id)` CTE, unordered
 * (the caller sorts by tier and rank: a SQL sort here would count as rows read).
 */
function detailsSql(): string {
  return `SELECT p.tier, p.rank, d.id, d.name, d.state, d.city, d.on_homeroom, s.status,
  CASE WHEN d.on_homeroom THEN (SELECT json_group_object(c.field, c.coverage) FROM district_coverage c WHERE c.district_id = d.id) END AS coverage
FROM page p JOIN districts d ON d.id = p.id LEFT JOIN district_sync s ON s.district_id = d.id`;
}

/** One district by id, in the same row shape. */
export function idStatement(d1: D1Database, id: string): D1PreparedStatement {
  return d1.prepare(`WITH page AS (SELECT 0 AS tier, 0 AS rank, ?1 AS id) ${detailsSql()}`).bind(id);
}

/**
 * The page: forward from `after` (or from the start, skipping `offset` rows), or
 * backward from `before` (the PAGE_SIZE rows nearest the cursor). Up to
 * PAGE_SIZE rows, in no particular order (see sortRows).
 */
export function pageStatement(
  d1: D1Database,
  reading: Reading,
  params: { on: SearchParams["on"]; after?: Cursor; before?: Cursor; offset: number },
): D1PreparedStatement {
  const b = new Binds();
  const backward = Boolean(params.before);
  const cursor = params.before ?? params.after;
  const dir = backward ? "DESC" : "ASC";
  const cmp = backward ? "<" : ">";
  const limit = b.add(params.offset + PAGE_SIZE);
  const key = b.add(reading.words.join(" "));
  const { all, prefix, startsWith } = matchExpressions(reading, params.on);
  // CAST: D1 binds JavaScript numbers as REAL, and FTS5 then scans from the start instead of seeking to the rowid.
  const bound = (tier: Tier, col: string) => (cursor && cursor.tier === tier ? ` AND ${col} ${cmp} CAST(${b.add(cursor.rank)} AS INTEGER)` : "");
  const wanted = TIERS.filter((t) => !cursor || (backward ? t <= cursor.tier : t >= cursor.tier));
  const exact = `FROM districts INDEXED BY districts_name_key_idx WHERE name_key = ${key}`;

  const parts = wanted.map((tier) => {
    if (tier === 0) {
      const conds = [`name_key = ${key}`];
      if (reading.state) conds.push(`state = ${b.add(reading.state)}`);
      if (params.on) conds.push(`on_homeroom = ${params.on === "on" ? 1 : 0}`);
      // INDEXED BY: without it the planner may walk the state or rank index and read thousands of rows.
      return `SELECT 0 AS tier, search_rank AS rank, id FROM districts INDEXED BY districts_name_key_idx WHERE ${conds.join(" AND ")}${bound(0, "search_rank")} ORDER BY search_rank ${dir} LIMIT ${limit}`;
    }
    // Tier 1 leaves out exact names (tier 0); the check costs a read per row, so only when there are any.
    const match = tier === 1 ? `${b.add(prefix)} AND (NOT EXISTS (SELECT 1 ${exact}) OR rowid NOT IN (SELECT search_rank ${exact}))` : b.add(`(${all}) NOT (${startsWith})`);
    return `SELECT ${tier} AS tier, rowid AS rank, district_id AS id FROM district_fts WHERE district_fts MATCH ${match}${bound(tier, "rowid")} ORDER BY rowid ${dir} LIMIT ${limit}`;
  });
  const union = parts.map((p) => `SELECT * FROM (${p})`).join(" UNION ALL ");
  const sql = `WITH page AS (SELECT tier, rank, id FROM (${union}) ORDER BY tier ${dir}, rank ${dir} LIMIT ${PAGE_SIZE} OFFSET ${b.add(params.offset)})
${detailsSql()}`;
  return d1.prepare(sql).bind(...b.values);
}

/** Rows in result order: tier, then size (rank). */
export function sortRows<T extends { tier: number; rank: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.tier - b.tier || a.rank - b.rank);
}
