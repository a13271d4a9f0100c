// `npm run db:seed` (also `node scripts/seed.ts --persist-to DIR`): loads the
// national directory into the local D1 and generates Homeroom's own state on top
// of it, deterministically. Every write is INSERT OR IGNORE, so a second run
// changes nothing and never touches invitations or connections.
// Run after the migrations. Without ../shared/data/nces it seeds a generated directory.
import { executeSql, queryJson, targetFromArgs } from "./lib/d1.ts";
import { demoAccountStatements } from "./lib/demo-accounts.ts";
import { loadDirectory, sizeOrder, type SchoolRow } from "./lib/directory.ts";
import { coverageRows, isOnHomeroom, sectionRows, syncRow } from "./lib/homeroom-state.ts";
import { insertRows, type SqlValue } from "./lib/sql.ts";

const started = Date.now();
const target = targetFromArgs(process.argv.slice(2));
if (target.remote) {
  console.error("The seed is for local databases only (demo accounts must never reach production).");
  process.exit(2);
}

const { districts, schools, source } = loadDirectory();
if (source === "generated") console.warn("! ../shared/data/nces not found: seeding a GENERATED directory, not the real one.");
else console.log(`Directory: ${source}`);

const ordered = sizeOrder(districts);
const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
const schoolsOf = new Map<string, SchoolRow[]>();
for (const s of schools) {
  const list = schoolsOf.get(s.districtId);
  if (list) list.push(s);
  else schoolsOf.set(s.districtId, [s]);
}

const districtValues: SqlValue[][] = [];
const syncValues: SqlValue[][] = [];
const coverageValues: SqlValue[][] = [];
const sectionValues: SqlValue[][] = [];
ordered.forEach((d, i) => {
  const on = isOnHomeroom(d.id);
  districtValues.push([d.id, d.name, d.nameKey, d.state, d.city, d.zip, d.phone, d.website, d.leaType, d.lowGrade, d.highGrade, d.schoolCount, d.students, on, i + 1, today]);
  if (!on) return;
  syncValues.push(syncRow(d.id, today));
  const cov = coverageRows(d);
  coverageValues.push(...cov);
  sectionValues.push(...sectionRows(d, schoolsOf.get(d.id) ?? [], cov));
});
const schoolValues = schools.map((s) => [s.id, s.districtId, s.name, s.city, s.state, s.lowGrade, s.highGrade]);

const ignore = (table: string, cols: string[], rows: SqlValue[][]) => insertRows("INSERT OR IGNORE", table, cols, rows);
const statements = [
  ...ignore("districts", ["id", "name", "name_key", "state", "city", "zip", "phone", "website", "lea_type", "low_grade", "high_grade", "school_count", "students", "on_homeroom", "search_rank", "updated_at"], districtValues),
  ...ignore("schools", ["id", "district_id", "name", "city", "state", "low_grade", "high_grade"], schoolValues),
  ...ignore("district_sync", ["district_id", "status", "owner", "last_sync_at", "paused_until", "detail"], syncValues),
  ...ignore("district_coverage", ["district_id", "field", "coverage", "records"], coverageValues),
  ...ignore("sections", ["id", "school_id", "district_id", "name", "subject", "grade", "term", "teacher_name", "teacher_email", "student_count"], sectionValues),
  ...demoAccountStatements(),
];

const before = queryJson<{ n: number }>(target, "SELECT count(*) AS n FROM districts")[0]?.n ?? 0;
executeSql(target, statements, { label: "seed" });
const after = queryJson<{ n: number }>(target, "SELECT count(*) AS n FROM districts")[0]?.n ?? 0;

console.log(
  `Seeded ${districtValues.length} districts (${after - before} new), ${schoolValues.length} schools, ` +
    `${syncValues.length} On Homeroom with ${sectionValues.length} sections and ${coverageValues.length} coverage rows, ` +
    `demo accounts (demo@homeroom.test, key hr_demo_local_key) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
);
