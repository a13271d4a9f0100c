// The roster-field catalog: every field an app can declare it needs, with the
// label people read. Coverage rows (district_coverage.field) and app_fields use
// these keys. No imports, so the seed script (plain Node) can share it.

export interface RosterField {
  key: string;
  label: string;
  /** Which roster record carries it. */
  entity: "student" | "teacher" | "section";
}

export const ROSTER_FIELDS: readonly RosterField[] = [
  { key: "student.first_name", label: "Student first name", entity: "student" },
  { key: "student.last_name", label: "Student last name", entity: "student" },
  { key: "student.email", label: "Student email", entity: "student" },
  { key: "student.grade", label: "Student grade", entity: "student" },
  { key: "student.sis_id", label: "Student SIS ID", entity: "student" },
  { key: "student.dob", label: "Student date of birth", entity: "student" },
  { key: "teacher.name", label: "Teacher name", entity: "teacher" },
  { key: "teacher.email", label: "Teacher email", entity: "teacher" },
  { key: "teacher.sis_id", label: "Teacher SIS ID", entity: "teacher" },
  { key: "section.subject", label: "Section subject", entity: "section" },
  { key: "section.grade", label: "Section grade", entity: "section" },
  { key: "section.term", label: "Section term", entity: "section" },
  { key: "section.period", label: "Section period", entity: "section" },
];

const BY_KEY = new Map(ROSTER_FIELDS.map((f) => [f.key, f]));

export function isRosterField(key: string): boolean {
  return BY_KEY.has(key);
}

export function fieldLabel(key: string): string {
  return BY_KEY.get(key)?.label ?? key;
}

/** Coverage at or above this is "ok"; above MISSING_BELOW but below it is "partial". */
export const OK_AT = 0.95;
export const MISSING_BELOW = 0.05;
