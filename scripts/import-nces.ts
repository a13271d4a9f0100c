// `npm run db:import-nces -- FILE [--remote] [--persist-to DIR]`: refreshes the
// directory from an official NCES CCD LEA directory file (ccd_lea_029_*.csv).
// Open districts only. Upserts directory fields and never touches Homeroom's
// state (on_homeroom, time-zone override, sync, coverage) or enrollment, which
// the file does not carry. Rows whose fields are unchanged are not written, so
// a second run changes nothing.
// search_rank is the FTS rowid and must stay unique, so ranks are reassigned in
// two passes: rows whose rank changes first move to a free range, then to their
// final place in the size order.
import { existsSync, readFileSync } from "node:fs";
import { nameKey } from "../workers/districts/text.ts";
import { csvRecords } from "./lib/csv.ts";
import { executeSql, queryJson, targetFromArgs } from "./lib/d1.ts";
import { insertRows, type SqlValue } from "./lib/sql.ts";

/** SY_STATUS / UPDATED_STATUS codes of districts that operate: open, new, added, changed, reopened. */
const OPEN = new Set(["1", "3", "4", "5", "8"]);
const TEMP_RANK = 100_000_000;
const DIRECTORY_COLUMNS = ["name", "name_key", "state", "city", "zip", "phone", "website", "lea_type", "low_grade", "high_grade", "school_count"];

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--persist-to");
if (!file || !existsSync(file)) {
  console.error("Usage: npm run db:import-nces -- ccd_lea_029_XXXX.csv [--remote] [--persist-to DIR]");
  process.exit(2);
}
const target = targetFromArgs(args);
const started = Date.now();

const grade = (g: string | undefined) => (g && g !== "N" && g !== "M" ? g : null);
const squeeze = (v: string | undefined) => (v ?? "").replace(/\s+/g, " ").trim();
/** CCD spells location cities in capitals; the directory shows them in title case. */
const titleCase = (v: string) => (v === v.toUpperCase() ? v.toLowerCase().replace(/(^|[\s'-])([a-z])/g, (_m, pre: string, c: string) => pre + c.toUpperCase()) : v);
/** "Not Supplied" and the like are not addresses. */
const website = (v: string | undefined) => (/^(https?:\/\/)?[\w-]+(\.[\w-]+)+/i.test(squeeze(v)) ? squeeze(v) : "");
const records = csvRecords(readFileSync(file, "latin1"));
if (records.length === 0 || !("LEAID" in (records[0] ?? {}))) {
  console.error(`${file} does not look like a CCD LEA directory file (no LEAID column).`);
  process.exit(2);
}
const open = records.filter((r) => OPEN.has(r.UPDATED_STATUS || r.SY_STATUS || "") && /^\d{7}$/.test(r.LEAID ?? ""));
const now = Date.now();
const values: SqlValue[][] = open.map((r, i) => {
  const name = squeeze(r.LEA_NAME);
  const schools = Number(r.OPERATIONAL_SCHOOLS);
  return [
    r.LEAID ?? "", name, nameKey(name), r.ST ?? "", titleCase(squeeze(r.LCITY || r.MCITY)), r.LZIP || r.MZIP || "", squeeze(r.PHONE), website(r.WEBSITE),
    r.LEA_TYPE_TEXT ?? "", grade(r.GSLO), grade(r.GSHI), Number.isFinite(schools) && schools >= 0 ? schools : 0, false, TEMP_RANK + i, now,
  ];
});

const changed = DIRECTORY_COLUMNS.map((c) => `districts.${c} IS NOT excluded.${c}`).join(" OR ");
const upserts = insertRows("INSERT", "districts", ["id", ...DIRECTORY_COLUMNS, "on_homeroom", "search_rank", "updated_at"], values).map(
  (stmt) => `${stmt.slice(0, -1)}\nON CONFLICT(id) DO UPDATE SET ${DIRECTORY_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", ")}, updated_at = excluded.updated_at WHERE ${changed};`,
);

// Size order: students desc (unknown last), then name: the same order the seed uses.
const ranked = "SELECT id, row_number() OVER (ORDER BY students IS NULL, students DESC, name_key, id) AS rn FROM districts";
const rerank = [
  `UPDATE districts SET search_rank = ${TEMP_RANK * 2} + r.rn FROM (${ranked}) AS r WHERE r.id = districts.id AND districts.search_rank <> r.rn;`,
  `UPDATE districts SET search_rank = r.rn FROM (${ranked}) AS r WHERE r.id = districts.id AND districts.search_rank <> r.rn;`,
];

const count = () => queryJson<{ n: number; moved: number }>(target, "SELECT count(*) AS n, sum(updated_at >= " + now + ") AS moved FROM districts")[0];
const before = count();
executeSql(target, [...upserts, ...rerank], { label: "import-nces" });
const after = count();
console.log(
  `${file}: ${open.length} open districts of ${records.length} rows; ${(after?.n ?? 0) - (before?.n ?? 0)} new, ` +
    `${after?.moved ?? 0} added or changed; ranks reassigned ${target.remote ? "(remote)" : "(local)"} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
);
