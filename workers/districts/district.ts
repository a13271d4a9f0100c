// One district for its page and GET /api/districts/:ncesId: directory details,
// time zone, sync status, compatibility for the acting app (null when Off
// Homeroom: unknown) and its schools.
import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { districts, districtSync, schools, type SyncOwner, type SyncStatus } from "../db/schema";
import { fieldError, notFound } from "../lib/errors";
import { districtTimeZone } from "../lib/time";
import { districtCompatibility, type Compatibility } from "./compatibility";

export interface DistrictSchool {
  id: string;
  name: string;
  city: string;
  lowGrade: string | null;
  highGrade: string | null;
}

export interface DistrictDetail {
  id: string;
  name: string;
  state: string;
  city: string;
  zip: string;
  phone: string;
  website: string;
  leaType: string;
  grades: { low: string | null; high: string | null };
  schoolCount: number;
  students: number | null;
  timeZone: string;
  onHomeroom: boolean;
  syncStatus: { status: SyncStatus; owner: SyncOwner; lastSyncAt: number | null; pausedUntil: string | null; detail: string } | null;
  compatibility: Compatibility | null;
  schools: DistrictSchool[];
}

export const isNcesId = (id: string) => /^\d{7}$/.test(id);

export async function getDistrict(db: Database, input: { id: string; appId: string }): Promise<DistrictDetail> {
  if (!isNcesId(input.id)) throw fieldError("ncesId", "A district id is its 7-digit NCES ID");
  const row = await db.select().from(districts).where(eq(districts.id, input.id)).get();
  if (!row) throw notFound("District");
  const [sync, schoolRows, compat] = await Promise.all([
    row.onHomeroom ? db.select().from(districtSync).where(eq(districtSync.districtId, row.id)).get() : undefined,
    db
      .select({ id: schools.id, name: schools.name, city: schools.city, lowGrade: schools.lowGrade, highGrade: schools.highGrade })
      .from(schools)
      .where(eq(schools.districtId, row.id))
      .orderBy(asc(schools.name))
      .all(),
    row.onHomeroom ? districtCompatibility(db.$client, input.appId, row.id) : undefined,
  ]);
  return {
    id: row.id, name: row.name, state: row.state, city: row.city, zip: row.zip, phone: row.phone, website: row.website,
    leaType: row.leaType,
    grades: { low: row.lowGrade, high: row.highGrade },
    schoolCount: row.schoolCount,
    students: row.students,
    timeZone: districtTimeZone(row),
    onHomeroom: row.onHomeroom,
    syncStatus: sync ? { status: sync.status, owner: sync.owner, lastSyncAt: sync.lastSyncAt, pausedUntil: sync.pausedUntil, detail: sync.detail } : null,
    compatibility: compat ?? null,
    schools: schoolRows,
  };
}
