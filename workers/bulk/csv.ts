// CSV for bulk invitations: an RFC 4180 reader (quoted fields, doubled quotes,
// commas and line breaks inside quotes, CRLF or LF, a leading BOM) and the
// template's columns. Pure functions, so the edge cases are tested directly.

export const BULK_COLUMNS = ["nces_id", "contact_name", "contact_email", "additional_emails", "launch_date", "message"] as const;
export type BulkColumn = (typeof BULK_COLUMNS)[number];
export type BulkRecord = Record<BulkColumn, string>;

export const MAX_ROWS = 2000;
export const MAX_BYTES = 1024 * 1024;

export const TEMPLATE_CSV =
  `${BULK_COLUMNS.join(",")}\r\n` +
  `0600001,Pat Principal,pat@district.example,"ana@district.example;bo@district.example",2027-09-01,\r\n` +
  `0600002,Sam Superintendent,sam@district.example,,,"Hello from our team, we'd like to connect."\r\n`;

/** Splits CSV text into rows of fields. Blank lines are dropped; a field may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    field = "";
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\r") { endRow(); if (src[i + 1] === "\n") i++; }
    else if (ch === "\n") endRow();
    else field += ch;
    i++;
  }
  if (field !== "" || row.length) endRow();
  return rows;
}

export interface ParsedSheet {
  records: BulkRecord[];
  /** A problem with the file as a whole (no header, too many rows); rows are empty then. */
  error: string | null;
}

/** CSV text to records keyed by the template's columns (header names matched case-insensitively, extra columns ignored). */
export function readSheet(text: string): ParsedSheet {
  if (new TextEncoder().encode(text).length > MAX_BYTES) {
    return { records: [], error: `The file is larger than 1 MB; split it into files of at most ${MAX_ROWS.toLocaleString("en-US")} rows` };
  }
  // Lines of empty cells (",,,,," from a spreadsheet) are blank lines too.
  const rows = parseCsv(text).filter((cells) => cells.some((c) => c.trim() !== ""));
  const header = rows.shift()?.map((h) => h.trim().toLowerCase()) ?? [];
  if (!header.includes("nces_id")) {
    return { records: [], error: `The first line must name the columns: ${BULK_COLUMNS.join(", ")} (download the template)` };
  }
  if (rows.length === 0) return { records: [], error: "The file has a header but no rows" };
  if (rows.length > MAX_ROWS) {
    return { records: [], error: `The file has ${rows.length.toLocaleString("en-US")} rows; at most ${MAX_ROWS.toLocaleString("en-US")} can be sent at once` };
  }
  const records = rows.map((cells) => {
    const rec = {} as BulkRecord;
    for (const col of BULK_COLUMNS) {
      const at = header.indexOf(col);
      rec[col] = at >= 0 ? (cells[at] ?? "").trim() : "";
    }
    return rec;
  });
  return { records, error: null };
}

/** "a@x.org; b@x.org" (also commas or spaces) to a list. */
export const splitEmails = (value: string) => value.split(/[;,\s]+/).map((s) => s.trim()).filter(Boolean);
