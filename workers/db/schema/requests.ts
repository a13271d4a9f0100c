// Inbound requests (a district asks to connect to an app) and bulk invitation
// imports (a vendor's CSV of districts and contacts, checked row by row before
// anything is sent, then sent in chunks with visible progress).
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const REQUEST_STATUSES = ["unconfirmed", "pending", "approved", "rejected", "withdrawn"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const accessRequests = sqliteTable(
  "access_requests",
  {
    id: text("id").primaryKey(),
    appId: text("app_id").notNull(),
    vendorId: text("vendor_id").notNull(),
    districtId: text("district_id").notNull(),
    /** "unconfirmed" until the requester opens the emailed link and confirms; vendors see only confirmed requests. */
    status: text("status", { enum: REQUEST_STATUSES }).notNull().default("unconfirmed"),
    requesterName: text("requester_name").notNull(),
    requesterEmail: text("requester_email").notNull(),
    requesterRole: text("requester_role").notNull().default(""),
    message: text("message").notNull().default(""),
    /** Set by the vendor on approval: a calendar date in the district's zone, or null to launch at once. */
    launchDate: text("launch_date"),
    decisionReason: text("decision_reason"),
    connectionId: text("connection_id"),
    decidedBy: text("decided_by"),
    createdAt: integer("created_at").notNull(),
    confirmedAt: integer("confirmed_at"),
    decidedAt: integer("decided_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    // One open request per app and district.
    uniqueIndex("access_requests_open_idx").on(t.appId, t.districtId).where(sql`status IN ('unconfirmed', 'pending')`),
    index("access_requests_app_idx").on(t.appId, t.status, t.createdAt),
  ],
);

export const BULK_STATUSES = ["checked", "sending", "done", "cancelled"] as const;
export type BulkStatus = (typeof BULK_STATUSES)[number];

export const bulkImports = sqliteTable(
  "bulk_imports",
  {
    id: text("id").primaryKey(),
    appId: text("app_id").notNull(),
    vendorId: text("vendor_id").notNull(),
    createdBy: text("created_by"),
    fileName: text("file_name").notNull().default(""),
    status: text("status", { enum: BULK_STATUSES }).notNull().default("checked"),
    totalRows: integer("total_rows").notNull().default(0),
    validRows: integer("valid_rows").notNull().default(0),
    sentRows: integer("sent_rows").notNull().default(0),
    failedRows: integer("failed_rows").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("bulk_imports_app_idx").on(t.appId, t.createdAt)],
);

export const BULK_ROW_STATUSES = ["valid", "invalid", "queued", "sent", "failed", "skipped"] as const;
export type BulkRowStatus = (typeof BULK_ROW_STATUSES)[number];

export const bulkRows = sqliteTable(
  "bulk_rows",
  {
    importId: text("import_id").notNull(),
    rowNumber: integer("row_number").notNull(),
    /** The row as uploaded (JSON object of its columns), so the check can be shown and re-run. */
    raw: text("raw").notNull(),
    districtId: text("district_id"),
    status: text("status", { enum: BULK_ROW_STATUSES }).notNull(),
    /** JSON object: column -> message. */
    errors: text("errors").notNull().default("{}"),
    invitationId: text("invitation_id"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNumber] }), index("bulk_rows_status_idx").on(t.importId, t.status)],
);
