// Local-seed-only demo accounts with fixed ids, so docs and tests can name
// them: Brightpath Learning (two apps, demo@homeroom.test, key hr_demo_local_key),
// Northwind Courseware (other@homeroom.test, key hr_other_local_key) to try vendor
// isolation, and a Homeroom staff user. Never part of a migration.
import { createHash } from "node:crypto";
import { insertRows, type SqlValue } from "./sql.ts";

const CREATED = Date.UTC(2026, 0, 5);
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export const DEMO = {
  vendorId: "ven_brightpath",
  readingAppId: "app_brightpath_reading",
  mathAppId: "app_brightpath_math",
  userId: "usr_demo",
  email: "demo@homeroom.test",
  apiKey: "hr_demo_local_key",
  otherVendorId: "ven_northwind",
  otherAppId: "app_northwind_science",
  otherUserId: "usr_other",
  otherEmail: "other@homeroom.test",
  otherApiKey: "hr_other_local_key",
  staffUserId: "usr_staff",
  staffEmail: "staff@homeroom.test",
} as const;

const APP_FIELDS: Record<string, string[]> = {
  [DEMO.readingAppId]: ["student.email", "student.grade", "student.sis_id", "teacher.email", "section.subject", "section.grade", "section.term"],
  [DEMO.mathAppId]: ["student.first_name", "student.last_name", "student.grade", "teacher.name", "teacher.email", "section.period"],
  [DEMO.otherAppId]: ["student.sis_id", "student.grade", "teacher.email", "section.subject"],
};

export function demoAccountStatements(): string[] {
  const rows = (table: string, cols: string[], values: SqlValue[][]) => insertRows("INSERT OR IGNORE", table, cols, values);
  return [
    ...rows("vendors", ["id", "name", "created_at"], [
      [DEMO.vendorId, "Brightpath Learning", CREATED],
      [DEMO.otherVendorId, "Northwind Courseware", CREATED],
    ]),
    ...rows("apps", ["id", "vendor_id", "name", "description", "created_at"], [
      [DEMO.readingAppId, DEMO.vendorId, "Brightpath Reading", "Guided reading practice for grades K-8.", CREATED],
      [DEMO.mathAppId, DEMO.vendorId, "Brightpath Math", "Adaptive math practice by period.", CREATED + 1],
      [DEMO.otherAppId, DEMO.otherVendorId, "Northwind Science", "Lab simulations for middle and high school.", CREATED],
    ]),
    ...rows("app_fields", ["app_id", "field"], Object.entries(APP_FIELDS).flatMap(([appId, fields]) => fields.map((f) => [appId, f]))),
    ...rows("users", ["id", "vendor_id", "email", "name", "role", "time_zone", "created_at"], [
      [DEMO.userId, DEMO.vendorId, DEMO.email, "Dana Demo", "vendor", "America/New_York", CREATED],
      [DEMO.otherUserId, DEMO.otherVendorId, DEMO.otherEmail, "Olli Other", "vendor", "America/Chicago", CREATED],
      [DEMO.staffUserId, null, DEMO.staffEmail, "Sam Staff", "staff", "America/New_York", CREATED],
    ]),
    ...rows("api_keys", ["id", "vendor_id", "app_id", "name", "prefix", "key_hash", "created_by", "created_at"], [
      ["key_demo_local", DEMO.vendorId, DEMO.readingAppId, "Local demo key", DEMO.apiKey.slice(0, 12), sha256(DEMO.apiKey), DEMO.userId, CREATED],
      ["key_other_local", DEMO.otherVendorId, DEMO.otherAppId, "Local demo key", DEMO.otherApiKey.slice(0, 12), sha256(DEMO.otherApiKey), DEMO.otherUserId, CREATED],
    ]),
  ];
}
