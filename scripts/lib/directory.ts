// The national directory for the seed: districts.csv and schools.csv from
// ../shared/data/nces, or, when that folder is absent, a generated stand-in of
// the same shape (so a fresh clone elsewhere still gets a working site).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { nameKey } from "../../workers/districts/text.ts";
import { csvRecords } from "./csv.ts";
import { rngFor } from "./prng.ts";

export interface DistrictRow {
  id: string;
  name: string;
  nameKey: string;
  state: string;
  city: string;
  zip: string;
  phone: string;
  website: string;
  leaType: string;
  lowGrade: string | null;
  highGrade: string | null;
  schoolCount: number;
  students: number | null;
}

export interface SchoolRow {
  id: string;
  districtId: string;
  name: string;
  city: string;
  state: string;
  lowGrade: string | null;
  highGrade: string | null;
}

export const NCES_DIR = process.env.NCES_DIR ?? fileURLToPath(new URL("../../../shared/data/nces/", import.meta.url));

const orNull = (v: string | undefined) => (v ? v : null);
const intOrNull = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : null);

export function loadDirectory(): { districts: DistrictRow[]; schools: SchoolRow[]; source: string } {
  const dFile = `${NCES_DIR}/districts.csv`;
  const sFile = `${NCES_DIR}/schools.csv`;
  if (!existsSync(dFile) || !existsSync(sFile)) return { ...generatedDirectory(), source: "generated" };
  const districts = csvRecords(readFileSync(dFile, "utf8")).map((r): DistrictRow => ({
    id: r.lea_id ?? "",
    name: r.name ?? "",
    nameKey: nameKey(r.name ?? ""),
    state: r.state ?? "",
    city: r.city ?? "",
    zip: r.zip ?? "",
    phone: r.phone ?? "",
    website: r.website ?? "",
    leaType: r.lea_type ?? "",
    lowGrade: orNull(r.low_grade),
    highGrade: orNull(r.high_grade),
    schoolCount: intOrNull(r.schools) ?? 0,
    students: intOrNull(r.students),
  }));
  const schools = csvRecords(readFileSync(sFile, "utf8")).map((r): SchoolRow => ({
    id: r.school_id ?? "",
    districtId: r.lea_id ?? "",
    name: r.name ?? "",
    city: r.city ?? "",
    state: r.state ?? "",
    lowGrade: orNull(r.low_grade),
    highGrade: orNull(r.high_grade),
  }));
  return { districts: districts.filter((d) => /^\d{7}$/.test(d.id)), schools, source: NCES_DIR };
}

/** Districts in size order (students desc, unknown last, then name): index + 1 is search_rank. */
export function sizeOrder<T extends { students: number | null; nameKey: string; id: string }>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      (b.students ?? -1) - (a.students ?? -1) || a.nameKey.localeCompare(b.nameKey) || a.id.localeCompare(b.id),
  );
}

const TOWNS = ["Springfield", "Franklin", "Greenville", "Clinton", "Madison", "Georgetown", "Salem", "Fairview", "Riverside", "Oakwood", "Lincoln", "Jackson", "Ashland", "Milton", "Newport", "Dover", "Marion", "Auburn", "Bristol", "Hudson"];
const KINDS = ["School District", "Public Schools", "City Schools", "County Schools", "Unified School District"];
const STATES_FOR_GEN = ["AL", "CA", "IL", "MA", "MO", "NY", "OH", "OR", "TX", "VA", "WA", "WI"];

/** A stand-in directory: a few thousand plausible districts, Albertville City (AL) and New York City included. */
function generatedDirectory(): { districts: DistrictRow[]; schools: SchoolRow[] } {
  const districts: DistrictRow[] = [];
  const schools: SchoolRow[] = [];
  const add = (id: string, name: string, state: string, city: string, count: number, students: number | null) => {
    districts.push({ id, name, nameKey: nameKey(name), state, city, zip: "00000", phone: "", website: "", leaType: "Regular public school district", lowGrade: "PK", highGrade: "12", schoolCount: count, students });
    for (let s = 0; s < count; s++) {
      const level = s % 3 === 0 ? ["High School", "09", "12"] : s % 3 === 1 ? ["Middle School", "06", "08"] : ["Elementary School", "KG", "05"];
      schools.push({ id: `${id}${String(s + 1).padStart(5, "0")}`, districtId: id, name: `${city} ${level[0]}${s >= 3 ? ` ${Math.floor(s / 3) + 1}` : ""}`, city, state, lowGrade: level[1] ?? null, highGrade: level[2] ?? null });
    }
  };
  add("0100005", "Albertville City", "AL", "Albertville", 6, 5821);
  add("3620580", "New York City Department of Education", "NY", "Brooklyn", 40, 912064);
  let n = 0;
  for (const state of STATES_FOR_GEN) {
    for (const town of TOWNS) {
      for (const kind of KINDS) {
        const rng = rngFor(`${state}${town}${kind}`);
        if (!rng.chance(0.6)) continue;
        const fips = String(10 + STATES_FOR_GEN.indexOf(state) * 3).padStart(2, "0");
        const id = `${fips}${String(10000 + n++).slice(-5)}`;
        add(id, `${town} ${kind}`, state, town, rng.int(1, 9), rng.chance(0.9) ? rng.int(200, 60000) : null);
      }
    }
  }
  return { districts, schools };
}
