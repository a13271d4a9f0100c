// The national directory (NCES) and Homeroom's own roster state on top of it.
// District ids are NCES LEAIDs kept as text so leading zeros survive.
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const districts = sqliteTable(
  "districts",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Lowercased, accent-free, punctuation-free name: exact-match lookups and ranking. */
    nameKey: text("name_key").notNull(),
    state: text("state").notNull(),
    city: text("city").notNull().default(""),
    zip: text("zip").notNull().default(""),
    phone: text("phone").notNull().default(""),
    website: text("website").notNull().default(""),
    leaType: text("lea_type").notNull().default(""),
    lowGrade: text("low_grade"),
    highGrade: text("high_grade"),
    schoolCount: integer("school_count").notNull().default(0),
    students: integer("students"),
    /** IANA zone that overrides the state's default (states that span zones). */
    timeZoneOverride: text("time_zone_override"),
    onHomeroom: integer("on_homeroom", { mode: "boolean" }).notNull().default(false),
    /** Position in the size order; also the FTS rowid, so index scans yield larger districts first. */
    searchRank: integer("search_rank").notNull(),
    updatedAt: integer("updated_at").notNull().default(0),
  },
  (t) => [
    index("districts_name_key_idx").on(t.nameKey),
    index("districts_state_idx").on(t.state),
    index("districts_search_rank_idx").on(t.searchRank),
  ],
);

export const schools = sqliteTable(
  "schools",
  {
    id: text("id").primaryKey(),
    districtId: text("district_id").notNull(),
    name: text("name").notNull(),
    city: text("city").notNull().default(""),
    state: text("state").notNull(),
    lowGrade: text("low_grade"),
    highGrade: text("high_grade"),
  },
  (t) => [index("schools_district_idx").on(t.districtId, t.name)],
);

export const sections = sqliteTable(
  "sections",
  {
    id: text("id").primaryKey(),
    schoolId: text("school_id").notNull(),
    districtId: text("district_id").notNull(),
    name: text("name").notNull(),
    subject: text("subject"),
    grade: text("grade"),
    term: text("term"),
    teacherName: text("teacher_name").notNull(),
    teacherEmail: text("teacher_email"),
    studentCount: integer("student_count").notNull().default(0),
  },
  (t) => [
    index("sections_school_idx").on(t.schoolId),
    index("sections_district_idx").on(t.districtId),
  ],
);

export const SYNC_STATUSES = ["up_to_date", "setting_up", "awaiting_approval", "errors", "paused"] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];
export const SYNC_OWNERS = ["district", "homeroom"] as const;
export type SyncOwner = (typeof SYNC_OWNERS)[number];

/** One row per On-Homeroom district. */
export const districtSync = sqliteTable("district_sync", {
  districtId: text("district_id").primaryKey(),
  status: text("status", { enum: SYNC_STATUSES }).notNull(),
  owner: text("owner", { enum: SYNC_OWNERS }).notNull(),
  lastSyncAt: integer("last_sync_at"),
  pausedUntil: text("paused_until"),
  detail: text("detail").notNull().default(""),
});

/** Share of a district's active records that carry a valid value for a roster field. */
export const districtCoverage = sqliteTable(
  "district_coverage",
  {
    districtId: text("district_id").notNull(),
    field: text("field").notNull(),
    coverage: real("coverage").notNull(),
    records: integer("records").notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.field] })],
);

