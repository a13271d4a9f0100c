// Homeroom's own state on top of the directory, generated deterministically
// from each district's NCES id: which districts are On Homeroom, their sync
// status and owner, per-field coverage, and sections for their schools.
import { ROSTER_FIELDS } from "../../workers/districts/fields.ts";
import type { DistrictRow, SchoolRow } from "./directory.ts";
import { rngFor, type Rng } from "./prng.ts";
import type { SqlValue } from "./sql.ts";

/** Always On Homeroom and up to date, with sections: the demo's anchor district. */
export const ANCHOR_DISTRICT = "0100005";
const DAY = 86_400_000;

export function isOnHomeroom(id: string): boolean {
  return id === ANCHOR_DISTRICT || rngFor(`on:${id}`).chance(1 / 8);
}

type Status = "up_to_date" | "setting_up" | "awaiting_approval" | "errors" | "paused";
const STATUS_WEIGHTS: Array<[Status, number]> = [["up_to_date", 0.55], ["setting_up", 0.12], ["awaiting_approval", 0.1], ["errors", 0.13], ["paused", 0.1]];
const DETAIL: Record<Status, string[]> = {
  up_to_date: ["Nightly sync completed"],
  setting_up: ["Connecting the student information system", "Mapping sections to terms"],
  awaiting_approval: ["A sync would remove many students; the district must approve it", "A sync would change many sections; waiting for the district"],
  errors: ["Some teacher records have no email", "The SIS export was incomplete", "Credentials for the SIS expired"],
  paused: ["Paused by the district over the school break", "Paused while the district changes SIS"],
};

function pickStatus(rng: Rng): Status {
  let x = rng.next();
  for (const [status, w] of STATUS_WEIGHTS) {
    if ((x -= w) < 0) return status;
  }
  return "up_to_date";
}

export function syncRow(id: string, today: number): SqlValue[] {
  const rng = rngFor(`sync:${id}`);
  const status: Status = id === ANCHOR_DISTRICT ? "up_to_date" : pickStatus(rng);
  const owner = status === "setting_up" ? "homeroom" : status === "up_to_date" ? rng.pick(["homeroom", "district"]) : status === "errors" ? rng.pick(["district", "homeroom"]) : "district";
  const lastSyncAt =
    status === "setting_up" && rng.chance(0.5) ? null
      : status === "paused" ? today - rng.int(3, 20) * DAY - rng.int(0, 86_000) * 1000
      : today - rng.int(0, status === "up_to_date" ? 0 : 3) * DAY + rng.int(1, 7 * 3600) * 1000;
  const pausedUntil = status === "paused" ? new Date(today + rng.int(5, 40) * DAY).toISOString().slice(0, 10) : null;
  return [id, status, owner, lastSyncAt, pausedUntil, rng.pick(DETAIL[status])];
}

/** Coverage per catalog field: most districts near-perfect, some with gaps in teacher email or section subject. */
export function coverageRows(d: DistrictRow): SqlValue[][] {
  const rng = rngFor(`cov:${d.id}`);
  const profile = d.id === ANCHOR_DISTRICT ? "clean" : rng.pick(["clean", "clean", "clean", "teacher_gap", "subject_gap", "both_gaps", "sparse"] as const);
  const students = d.students ?? Math.max(1, d.schoolCount) * 350;
  return ROSTER_FIELDS.map((f) => {
    let c = 0.97 + rng.next() * 0.03;
    if (f.key === "teacher.email" && (profile === "teacher_gap" || profile === "both_gaps")) c = 0.45 + rng.next() * 0.4;
    if (f.key === "section.subject" && (profile === "subject_gap" || profile === "both_gaps")) c = 0.3 + rng.next() * 0.5;
    if (profile === "sparse" && (f.key === "student.email" || f.key === "student.dob" || f.key === "section.period")) c = rng.next() * 0.04;
    if (profile === "sparse" && f.key === "teacher.email") c = 0.6 + rng.next() * 0.3;
    const records = f.entity === "student" ? students : f.entity === "teacher" ? Math.ceil(students / 16) : Math.ceil(students / 22);
    return [d.id, f.key, Math.round(c * 1000) / 1000, records];
  });
}

const SUBJECTS = ["English Language Arts", "Mathematics", "Science", "Social Studies", "Reading", "Art", "Music", "Physical Education", "Spanish", "Computer Science"];
const FIRST = ["Maria", "James", "Aisha", "Daniel", "Mei", "Carlos", "Hannah", "Samuel", "Priya", "Grace", "Omar", "Lucy", "Ethan", "Rosa", "Noah", "Chloe"];
const LAST = ["Garcia", "Johnson", "Nguyen", "Smith", "Patel", "Williams", "Brown", "Lee", "Martinez", "Davis", "Okafor", "Clark", "Lopez", "Walker", "Young", "Hill"];
const GRADES = ["PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];

function gradesOf(s: SchoolRow): string[] {
  const lo = GRADES.indexOf(s.lowGrade ?? "");
  const hi = GRADES.indexOf(s.highGrade ?? "");
  return lo >= 0 && hi >= lo ? GRADES.slice(lo, hi + 1) : ["05"];
}

function emailDomain(d: DistrictRow): string {
  const host = d.website.replace(/^https?:\/\//i, "").replace(/^www\./i, "").split(/[/?#]/)[0]?.toLowerCase() ?? "";
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(host) ? host : `${d.nameKey.replace(/ /g, "").slice(0, 20) || "district"}.k12.test`;
}

/** 3 to 8 sections per school; teacher email and subject blank in proportion to the district's coverage. */
export function sectionRows(d: DistrictRow, schools: SchoolRow[], coverage: SqlValue[][]): SqlValue[][] {
  const cov = new Map(coverage.map((r) => [r[1] as string, r[2] as number]));
  const domain = emailDomain(d);
  const rows: SqlValue[][] = [];
  for (const s of schools) {
    const rng = rngFor(`sec:${s.id}`);
    const grades = gradesOf(s);
    const count = rng.int(3, 8);
    for (let k = 1; k <= count; k++) {
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      const subject = rng.chance(cov.get("section.subject") ?? 1) ? rng.pick(SUBJECTS) : null;
      const grade = rng.pick(grades);
      const term = rng.pick(["Fall 2026", "Year 2026-27", "Year 2026-27", "Spring 2027"]);
      const email = rng.chance(cov.get("teacher.email") ?? 1) ? `${first}.${last}${rng.int(1, 99)}@${domain}`.toLowerCase() : null;
      const name = `${subject ?? "Homeroom"} ${grade === "KG" ? "K" : grade === "PK" ? "Pre-K" : `Grade ${Number(grade)}`}, period ${k}`;
      rows.push([`${s.id}-${k}`, s.id, d.id, name, subject, grade, term, `${first} ${last}`, email, rng.int(12, 32)]);
    }
  }
  return rows;
}
