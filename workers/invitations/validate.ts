// Checks an invitation request against the database: the district exists and
// is the right kind, the schools and sections are its own, the launch date is
// not past in the district's own zone. Every problem is collected, so one 400
// (or one re-rendered form) names every bad field at once.
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { connections, districts, invitations, schools, sections } from "../db/schema";
import { AppError, type FieldErrors } from "../lib/errors";
import { dateIn, districtTimeZone, formatDate, isCalendarDate } from "../lib/time";
import { CreateInvitationSchema, isEmail, issuesToFields, type ParsedConnect, type ParsedOnboarding } from "./schemas";

export type District = typeof districts.$inferSelect;
export type ShareProposal = "all" | "schools" | "sections" | "none";

export function invalid(fields: FieldErrors): AppError {
  const names = Object.keys(fields);
  return new AppError("validation_failed", names.length === 1 ? fields[names[0]!]! : `Please correct: ${names.join(", ")}`, { fields });
}

/** Shape checks (zod) with messages for people; throws a 400 naming each field. */
export function parseCreate(raw: unknown): ParsedConnect | ParsedOnboarding {
  const body = raw && typeof raw === "object" && (raw as { kind?: unknown }).kind === undefined ? { ...raw, kind: "connect" } : raw;
  const result = CreateInvitationSchema.safeParse(body);
  if (result.success) return result.data;
  const fields = issuesToFields(result.error.issues);
  if (fields.kind) fields.kind = 'kind must be "connect" or "onboarding"';
  throw invalid(fields);
}

export async function loadDistrict(db: Database, districtId: string): Promise<District> {
  const district = await db.select().from(districts).where(eq(districts.id, districtId)).get();
  if (!district) throw invalid({ districtId: `No district has the NCES ID "${districtId}"` });
  return district;
}

/** One open invitation per app and district, and none once they are connected. */
export async function assertNoOpenInvitation(db: Database, appId: string, district: District): Promise<void> {
  const open = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.appId, appId), eq(invitations.districtId, district.id), eq(invitations.status, "pending")))
    .get();
  if (open) {
    throw new AppError("conflict", `${district.name} (${district.state}) already has a pending invitation from this app`, {
      details: { invitationId: open.id, url: `/invitations/${open.id}` },
    });
  }
  const connected = await db
    .select({ id: connections.id, invitationId: connections.invitationId })
    .from(connections)
    .where(and(eq(connections.appId, appId), eq(connections.districtId, district.id)))
    .get();
  if (connected) {
    throw new AppError("conflict", `${district.name} (${district.state}) is already connected to this app`, {
      details: { connectionId: connected.id, invitationId: connected.invitationId, url: connected.invitationId ? `/invitations/${connected.invitationId}` : null },
    });
  }
}

async function inChunks<T>(ids: string[], size: number, load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) out.push(...(await load(ids.slice(i, i + size))));
  return out;
}

export interface ConnectPlan {
  district: District;
  primaryContact: { name: string; email: string };
  additionalEmails: string[];
  message: string | null;
  launchDate: string | null;
  shareMode: ShareProposal;
  schoolIds: string[];
  sectionIds: string[];
}

export async function planConnect(db: Database, input: ParsedConnect, now: number): Promise<ConnectPlan> {
  const district = await loadDistrict(db, input.districtId);
  const fields: FieldErrors = {};
  if (!district.onHomeroom) {
    fields.districtId = `${district.name} (${district.state}) is not on Homeroom yet: send it an onboarding invitation instead`;
  }

  const primary = input.primaryContact.email.toLowerCase();
  const seen = new Set([primary]);
  const additionalEmails: string[] = [];
  input.additionalEmails.forEach((raw, i) => {
    const value = raw.trim();
    if (!value) return;
    if (!isEmail(value)) {
      fields[`additionalEmails.${i}`] ??= `"${value}" is not a valid email address`;
      return;
    }
    const key = value.toLowerCase();
    if (!seen.has(key)) additionalEmails.push(key);
    seen.add(key);
  });

  let launchDate: string | null = null;
  const rawDate = input.launchDate?.trim() ?? "";
  if (rawDate) {
    const today = dateIn(districtTimeZone(district), now);
    if (!isCalendarDate(rawDate)) fields.launchDate = "Launch date must be a real date written YYYY-MM-DD";
    else if (rawDate < today) fields.launchDate = `Launch date is in the past: it is already ${formatDate(today)} in ${district.name}'s time zone`;
    else launchDate = rawDate;
  }

  const all = await db.select({ id: schools.id }).from(schools).where(eq(schools.districtId, district.id)).all();
  const allIds = new Set(all.map((s) => s.id));
  const schoolIds = input.schoolIds === undefined ? [...allIds] : [...new Set(input.schoolIds.map((s) => s.trim()).filter(Boolean))];
  const strangers = schoolIds.filter((id) => !allIds.has(id));
  if (strangers.length) fields.schoolIds = `Not schools of ${district.name}: ${strangers.slice(0, 5).join(", ")}${strangers.length > 5 ? ", ..." : ""}`;

  const sectionIds = [...new Set(input.sectionIds.map((s) => s.trim()).filter(Boolean))];
  if (sectionIds.length) {
    const found = await inChunks(sectionIds, 90, (chunk) =>
      db.select({ id: sections.id, schoolId: sections.schoolId, districtId: sections.districtId }).from(sections).where(inArray(sections.id, chunk)).all(),
    );
    const byId = new Map(found.map((s) => [s.id, s]));
    const unknown = sectionIds.filter((id) => byId.get(id)?.districtId !== district.id);
    const chosen = new Set(schoolIds);
    const outside = sectionIds.filter((id) => byId.get(id)?.districtId === district.id && !chosen.has(byId.get(id)!.schoolId));
    if (unknown.length) fields.sectionIds = `Not sections of ${district.name}: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", ..." : ""}`;
    else if (outside.length) fields.sectionIds = `These sections are in schools you did not choose: ${outside.slice(0, 5).join(", ")}${outside.length > 5 ? ", ..." : ""}`;
  }

  if (Object.keys(fields).length) throw invalid(fields);
  const shareMode: ShareProposal =
    schoolIds.length === 0 ? "none" : sectionIds.length ? "sections" : schoolIds.length === allIds.size ? "all" : "schools";
  return {
    district,
    primaryContact: { name: input.primaryContact.name, email: primary },
    additionalEmails,
    message: input.message?.trim() || null,
    launchDate,
    shareMode,
    schoolIds,
    sectionIds,
  };
}

export async function checkOnboarding(db: Database, input: ParsedOnboarding): Promise<District> {
  const district = await loadDistrict(db, input.districtId);
  if (district.onHomeroom) {
    throw invalid({ districtId: `${district.name} (${district.state}) is already on Homeroom: send it a connect invitation instead` });
  }
  return district;
}

/** How a proposal reads to people, in emails and on pages. */
export function describeSharing(mode: ShareProposal, schoolCount: number, sectionCount: number, totalSchools: number): string {
  if (mode === "none") return "No schools suggested: you choose what to share";
  if (mode === "all") return `All ${totalSchools} school${totalSchools === 1 ? "" : "s"}`;
  if (mode === "schools") return `${schoolCount} of ${totalSchools} schools`;
  return `${sectionCount} section${sectionCount === 1 ? "" : "s"} in ${schoolCount} school${schoolCount === 1 ? "" : "s"}`;
}
