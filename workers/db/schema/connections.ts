// An app joined to a district: what is shared, and when teachers and students see it.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const SHARE_MODES = ["all", "schools", "sections"] as const;
export type ShareMode = (typeof SHARE_MODES)[number];

export const connections = sqliteTable(
  "connections",
  {
    id: text("id").primaryKey(),
    appId: text("app_id").notNull(),
    vendorId: text("vendor_id").notNull(),
    districtId: text("district_id").notNull(),
    invitationId: text("invitation_id"),
    shareMode: text("share_mode", { enum: SHARE_MODES }).notNull().default("all"),
    /** Calendar date in the district's time zone; null means launch on acceptance. */
    launchDate: text("launch_date"),
    /** The UTC instant of local midnight on launchDate (ms). */
    launchAt: integer("launch_at"),
    launchedAt: integer("launched_at"),
    contactName: text("contact_name").notNull().default(""),
    contactEmail: text("contact_email").notNull().default(""),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("connections_app_district_idx").on(t.appId, t.districtId),
    index("connections_due_idx").on(t.launchedAt, t.launchAt),
    index("connections_district_idx").on(t.districtId),
  ],
);

export const connectionSchools = sqliteTable(
  "connection_schools",
  {
    connectionId: text("connection_id").notNull(),
    schoolId: text("school_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.schoolId] })],
);

export const connectionSections = sqliteTable(
  "connection_sections",
  {
    connectionId: text("connection_id").notNull(),
    sectionId: text("section_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.sectionId] })],
);
