// Who sees what in a district's portal. Administrators see every connected app
// at once; teachers and students see an app only after it launched, and only
// where their school (all-schools or chosen-schools sharing) or their section
// (chosen-sections sharing) is shared. Used by the API and the preview page.
// A vendor previews only its own apps: which other vendors a district works with
// is not theirs to see.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { districts, schools, sections } from "../db/schema";
import { AppError } from "../lib/errors";
import { districtTimeZone } from "../lib/time";

export const PORTAL_ROLES = ["admin", "teacher", "student"] as const;
export type PortalRole = (typeof PORTAL_ROLES)[number];

export interface PortalApp {
  appId: string;
  name: string;
  vendorName: string;
  connectionId: string;
  launchDate: string | null;
  launchAt: number | null;
  launchedAt: number | null;
  launched: boolean;
}

export interface PortalAnswer {
  district: { id: string; name: string; state: string; timeZone: string };
  role: PortalRole;
  schoolId: string | null;
  sectionId: string | null;
  apps: PortalApp[];
}

export async function portalApps(
  db: Database,
  input: { vendorId: string; districtId: string; role: PortalRole; schoolId?: string | null; sectionId?: string | null },
): Promise<PortalAnswer> {
  const district = await db.select({ id: districts.id, name: districts.name, state: districts.state, tz: districts.timeZoneOverride }).from(districts).where(eq(districts.id, input.districtId)).get();
  if (!district) throw new AppError("not_found", "District not found");
  const schoolId = input.schoolId || null;
  const sectionId = input.sectionId || null;
  if (input.role !== "admin" && !schoolId) throw new AppError("validation_failed", "Choose a school", { fields: { school: "Teachers and students belong to a school: choose one" } });
  if (schoolId) {
    const s = await db.select({ id: schools.id }).from(schools).where(and(eq(schools.id, schoolId), eq(schools.districtId, district.id))).get();
    if (!s) throw new AppError("validation_failed", "Not a school of this district", { fields: { school: "Not a school of this district" } });
  }
  if (sectionId) {
    const s = await db.select({ schoolId: sections.schoolId }).from(sections).where(and(eq(sections.id, sectionId), eq(sections.districtId, district.id))).get();
    if (!s || (schoolId && s.schoolId !== schoolId)) throw new AppError("validation_failed", "Not a section of this school", { fields: { section: "Not a section of the chosen school" } });
  }
  const rows = await db.all<{
    connection_id: string; app_id: string; name: string | null; vendor_name: string | null; launch_date: string | null; launch_at: number | null; launched_at: number | null;
  }>(
    input.role === "admin"
      ? sqlAll(district.id, input.vendorId)
      : sqlVisible(district.id, input.vendorId, schoolId ?? "", sectionId),
  );
  return {
    district: { id: district.id, name: district.name, state: district.state, timeZone: districtTimeZone({ state: district.state, timeZoneOverride: district.tz }) },
    role: input.role,
    schoolId,
    sectionId,
    apps: rows.map((r) => ({
      appId: r.app_id, name: r.name ?? "", vendorName: r.vendor_name ?? "", connectionId: r.connection_id, launchDate: r.launch_date, launchAt: r.launch_at,
      launchedAt: r.launched_at, launched: r.launched_at !== null,
    })),
  };
}

const SELECT = sql`SELECT c.id AS connection_id, c.app_id, a.name, v.name AS vendor_name, c.launch_date, c.launch_at, c.launched_at
  FROM connections c LEFT JOIN apps a ON a.id = c.app_id LEFT JOIN vendors v ON v.id = c.vendor_id`;

function sqlAll(districtId: string, vendorId: string) {
  return sql`${SELECT} WHERE c.district_id = ${districtId} AND c.vendor_id = ${vendorId} ORDER BY a.name`;
}

function sqlVisible(districtId: string, vendorId: string, schoolId: string, sectionId: string | null) {
  return sql`${SELECT} WHERE c.district_id = ${districtId} AND c.vendor_id = ${vendorId} AND c.launched_at IS NOT NULL AND (
      c.share_mode = 'all'
      OR (c.share_mode = 'schools' AND EXISTS (SELECT 1 FROM connection_schools s WHERE s.connection_id = c.id AND s.school_id = ${schoolId}))
      OR (c.share_mode = 'sections' AND EXISTS (SELECT 1 FROM connection_sections s WHERE s.connection_id = c.id AND s.section_id = ${sectionId ?? ""}))
    ) ORDER BY a.name`;
}
