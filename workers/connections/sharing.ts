// What a connection shares with an app: every school, chosen schools, or chosen
// sections. Choices are checked against the district's own schools and
// sections, so a form or API call can never share another district's roster.
import { eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { connectionSchools, connectionSections, schools, sections, type ShareMode } from "../db/schema";
import { AppError } from "../lib/errors";

export interface Sharing {
  mode: ShareMode;
  schoolIds: string[];
  sectionIds: string[];
}

export interface SchoolChoice {
  id: string;
  name: string;
  sections: { id: string; name: string; subject: string | null; grade: string | null; teacherName: string }[];
}

/** The district's schools with their sections, for choosing what to share. */
export async function districtSchools(db: Database, districtId: string): Promise<SchoolChoice[]> {
  const [schoolRows, sectionRows] = await db.batch([
    db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.districtId, districtId)).orderBy(schools.name),
    db
      .select({ id: sections.id, schoolId: sections.schoolId, name: sections.name, subject: sections.subject, grade: sections.grade, teacherName: sections.teacherName })
      .from(sections)
      .where(eq(sections.districtId, districtId))
      .orderBy(sections.name),
  ]);
  const bySchool = new Map<string, SchoolChoice>(schoolRows.map((s) => [s.id, { ...s, sections: [] }]));
  for (const { schoolId, ...section } of sectionRows) bySchool.get(schoolId)?.sections.push(section);
  return [...bySchool.values()];
}

/**
 * Checks a sharing choice against the district and normalises it: ids are
 * deduplicated, "all" carries no ids, and "schools" / "sections" need one or more.
 */
export async function validateSharing(db: Database, districtId: string, input: Sharing): Promise<Sharing> {
  const mode = input.mode;
  if (mode === "all") return { mode, schoolIds: [], sectionIds: [] };
  if (mode === "schools") {
    const ids = [...new Set(input.schoolIds)];
    if (ids.length === 0) throw fieldErr("schoolIds", "Choose at least one school, or share all schools");
    const found = await idsIn(db, "schools", districtId, ids);
    const foreign = ids.filter((id) => !found.has(id));
    if (foreign.length) throw fieldErr("schoolIds", `Not a school of this district: ${foreign.slice(0, 3).join(", ")}`);
    return { mode, schoolIds: ids, sectionIds: [] };
  }
  const ids = [...new Set(input.sectionIds)];
  if (ids.length === 0) throw fieldErr("sectionIds", "Choose at least one section, or share whole schools");
  const found = await idsIn(db, "sections", districtId, ids);
  const foreign = ids.filter((id) => !found.has(id));
  if (foreign.length) throw fieldErr("sectionIds", `Not a section of this district: ${foreign.slice(0, 3).join(", ")}`);
  return { mode, schoolIds: [], sectionIds: ids };
}

function fieldErr(field: string, message: string) {
  return new AppError("validation_failed", message, { fields: { [field]: message } });
}

async function idsIn(db: Database, table: "schools" | "sections", districtId: string, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  // 90 ids per query keeps each statement under D1's 100 bound parameters.
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    const rows =
      table === "schools"
        ? await db.select({ id: schools.id, d: schools.districtId }).from(schools).where(inArray(schools.id, chunk))
        : await db.select({ id: sections.id, d: sections.districtId }).from(sections).where(inArray(sections.id, chunk));
    for (const r of rows) if (r.d === districtId) found.add(r.id);
  }
  return found;
}

/** A connection's sharing as stored. */
export async function sharingOf(db: Database, connectionId: string, mode: ShareMode): Promise<Sharing> {
  if (mode === "all") return { mode, schoolIds: [], sectionIds: [] };
  if (mode === "schools") {
    const rows = await db.select({ id: connectionSchools.schoolId }).from(connectionSchools).where(eq(connectionSchools.connectionId, connectionId));
    return { mode, schoolIds: rows.map((r) => r.id).sort(), sectionIds: [] };
  }
  const rows = await db.select({ id: connectionSections.sectionId }).from(connectionSections).where(eq(connectionSections.connectionId, connectionId));
  return { mode, schoolIds: [], sectionIds: rows.map((r) => r.id).sort() };
}

/** "All schools", "2 schools: A, B", "5 sections": for emails and lists. */
export function describeSharing(sharing: Sharing, names: ReadonlyMap<string, string> = new Map()): string {
  if (sharing.mode === "all") return "All schools";
  const ids = sharing.mode === "schools" ? sharing.schoolIds : sharing.sectionIds;
  const noun = sharing.mode === "schools" ? "school" : "section";
  if (ids.length === 0) return `No ${noun}s yet`;
  const label = `${ids.length} ${noun}${ids.length === 1 ? "" : "s"}`;
  const named = ids.slice(0, 5).map((id) => names.get(id)).filter((n): n is string => !!n);
  if (named.length === 0) return label;
  return `${label}: ${named.join(", ")}${ids.length > named.length ? `, and ${ids.length - named.length} more` : ""}`;
}
