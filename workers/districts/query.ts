// Turning what a person typed into search readings. A 7-digit number is an
// NCES id; otherwise the query is a list of words whose last one may be
// unfinished. A trailing state ("springfield il", "Springfield, Illinois") is
// read as a filter only when other words remain, and the search prefers the
// filtered reading only if it finds something ("new york" stays a name).
import { fieldError } from "../lib/errors";
import { isStateCode, trailingState } from "./states";
import { words } from "./text";

export const PAGE_SIZE = 20;
/** The deepest page: 1,000 results. Past it, the search should be narrowed. */
export const MAX_PAGE = 50;
/** Pages reachable by number alone (reads grow with the offset); deeper pages need a cursor (the Next link). */
export const OFFSET_PAGES = 5;
export const MAX_QUERY = 100;

export type OnFilter = "on" | "off";

/** A keyset position: the tier and search_rank of the row next to the wanted page. */
export interface Cursor {
  tier: 0 | 1 | 2;
  rank: number;
}

export interface SearchParams {
  q: string;
  /** 2-letter code, upper case; undefined for all states. */
  state?: string;
  on?: OnFilter;
  page: number;
  /** The page starts after this row (the Next link)... */
  after?: Cursor;
  /** ...or ends before it (the Previous link). */
  before?: Cursor;
}

export const cursorText = (c: Cursor) => `${c.tier}.${c.rank}`;

/** "2.1234" -> cursor; null when malformed. */
export function parseCursor(text: string): Cursor | null {
  const m = /^([012])\.(\d{1,12})$/.exec(text);
  return m ? { tier: Number(m[1]) as Cursor["tier"], rank: Number(m[2]) } : null;
}

export interface Reading {
  words: string[];
  state?: string;
  /** True when the state came out of the query text rather than the filter. */
  stateFromQuery: boolean;
}

export type ParsedQuery =
  | { kind: "empty" }
  | { kind: "id"; id: string }
  | { kind: "words"; readings: Reading[] };

/** Validates raw parameters (from a URL or a form); throws a field error naming the bad one. */
export function parseSearchParams(raw: {
  q?: string | null; state?: string | null; on?: string | null; page?: string | number | null; after?: string | null; before?: string | null;
}): SearchParams {
  const q = (raw.q ?? "").trim();
  if (q.length > MAX_QUERY) throw fieldError("q", `Keep the search under ${MAX_QUERY} characters`);
  const stateRaw = (raw.state ?? "").trim();
  if (stateRaw && !isStateCode(stateRaw)) throw fieldError("state", `"${stateRaw}" is not a state or territory code`);
  const onRaw = (raw.on ?? "").trim();
  if (onRaw && onRaw !== "on" && onRaw !== "off") throw fieldError("on", `"on" must be "on" or "off"`);
  const pageRaw = raw.page ?? 1;
  const page = typeof pageRaw === "number" ? pageRaw : pageRaw === "" ? 1 : /^\d+$/.test(pageRaw) ? Number(pageRaw) : NaN;
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw fieldError("page", `Page must be a whole number from 1 to ${MAX_PAGE}`);
  const cursors: Pick<SearchParams, "after" | "before"> = {};
  for (const name of ["after", "before"] as const) {
    const text = (raw[name] ?? "").trim();
    if (!text) continue;
    const c = parseCursor(text);
    if (!c) throw fieldError(name, `"${name}" must be a cursor from a previous page, like "1.2345"`);
    if (cursors.after) throw fieldError(name, `Send "after" or "before", not both`);
    cursors[name] = c;
  }
  if ((cursors.after || cursors.before) && page < 2) throw fieldError("page", "A page reached by a cursor is page 2 or later");
  if (!cursors.after && !cursors.before && page > OFFSET_PAGES) {
    throw fieldError("page", `Pages after ${OFFSET_PAGES} open with Next from the page before (its "after" cursor). Or add words or a state to narrow the search.`);
  }
  return { q, state: stateRaw ? stateRaw.toUpperCase() : undefined, on: onRaw ? (onRaw as OnFilter) : undefined, page, ...cursors };
}

/** The readings to try, best first. */
export function parseQuery(q: string, filterState?: string): ParsedQuery {
  const trimmed = q.trim();
  if (/^\d{7}$/.test(trimmed)) return { kind: "id", id: trimmed };
  const ws = words(trimmed).slice(0, 12);
  if (ws.length === 0) return { kind: "empty" };
  const trailing = trailingState(ws);
  if (filterState) {
    // The filter already names a state: a matching trailing state is just repetition.
    const w = trailing && trailing.state === filterState ? trailing.words : ws;
    return { kind: "words", readings: [{ words: w, state: filterState, stateFromQuery: false }] };
  }
  const plain: Reading = { words: ws, stateFromQuery: false };
  if (!trailing) return { kind: "words", readings: [plain] };
  return { kind: "words", readings: [{ words: trailing.words, state: trailing.state, stateFromQuery: true }, plain] };
}
