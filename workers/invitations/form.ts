// The invite page's data and the mapping from its form fields to the same
// input the API takes, so pages and the API share one set of rules.
import { and, asc, eq } from "drizzle-orm";
import type { Actor } from "../accounts/actor";
import type { Database } from "../db/client";
import { invitations, schools, sections } from "../db/schema";
import { randomToken } from "../lib/crypto";
import { dateIn, districtTimeZone } from "../lib/time";
import { defaultMessage } from "./emails";
import type { ConnectInput, OnboardingInput } from "./schemas";
import { senderForActor } from "./sender";
import { loadDistrict, type District } from "./validate";

/** Above this many sections the picker is not offered (the page would be too heavy); the API still takes them. */
export const SECTION_PICKER_LIMIT = 3000;

export interface InviteFormData {
  district: District;
  districtTimeZone: string;
  districtToday: string;
  userTimeZone: string;
  appName: string;
  vendorName: string;
  defaultMessage: string;
  schools: { id: string; name: string; sections: { id: string; name: string; teacherName: string; subject: string | null; grade: string | null; term: string | null }[] }[];
  sectionCount: number;
  sectionsOffered: boolean;
  openInvitationId: string | null;
  nonce: string;
}

export async function inviteFormData(db: Database, actor: Actor, districtId: string, now: number): Promise<InviteFormData> {
  const district = await loadDistrict(db, districtId);
  const ctx = await senderForActor(db, actor);
  const tz = districtTimeZone(district);
  const [schoolRows, open] = await Promise.all([
    db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.districtId, district.id)).orderBy(asc(schools.name)).all(),
    db.select({ id: invitations.id }).from(invitations)
      .where(and(eq(invitations.appId, actor.appId), eq(invitations.districtId, district.id), eq(invitations.status, "pending"))).get(),
  ]);
  const sectionRows = district.onHomeroom
    ? await db.select({ id: sections.id, schoolId: sections.schoolId, name: sections.name, teacherName: sections.teacherName, subject: sections.subject, grade: sections.grade, term: sections.term })
      .from(sections).where(eq(sections.districtId, district.id)).orderBy(asc(sections.teacherName), asc(sections.name)).limit(SECTION_PICKER_LIMIT + 1).all()
    : [];
  const sectionsOffered = sectionRows.length > 0 && sectionRows.length <= SECTION_PICKER_LIMIT;
  const bySchool = new Map<string, InviteFormData["schools"][number]["sections"]>();
  if (sectionsOffered) {
    for (const { schoolId, ...s } of sectionRows) {
      const list = bySchool.get(schoolId) ?? [];
      list.push(s);
      bySchool.set(schoolId, list);
    }
  }
  return {
    district, districtTimeZone: tz, districtToday: dateIn(tz, now), userTimeZone: ctx.timeZone,
    appName: ctx.sender.appName, vendorName: ctx.sender.vendorName,
    defaultMessage: defaultMessage({ ...ctx.sender, districtName: district.name }),
    schools: schoolRows.map((s) => ({ ...s, sections: bySchool.get(s.id) ?? [] })),
    sectionCount: sectionRows.length, sectionsOffered, openInvitationId: open?.id ?? null, nonce: randomToken(18),
  };
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
const all = (form: FormData, name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");

export function splitEmails(value: string): string[] {
  return value.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
}

export function connectInputFromForm(form: FormData, districtId: string): ConnectInput {
  const specify = text(form, "specifySections") === "on";
  return {
    kind: "connect",
    districtId,
    primaryContact: { name: text(form, "primaryContact.name"), email: text(form, "primaryContact.email") },
    additionalEmails: splitEmails(text(form, "additionalEmails")),
    message: text(form, "message"),
    launchDate: text(form, "launchDate") || null,
    schoolIds: all(form, "schoolIds"),
    sectionIds: specify ? all(form, "sectionIds") : [],
  };
}

export function onboardingInputFromForm(form: FormData, districtId: string): OnboardingInput {
  return {
    kind: "onboarding",
    districtId,
    district: { name: text(form, "district.name"), state: text(form, "district.state"), website: text(form, "district.website"), phone: text(form, "district.phone") },
    curriculumContact: { name: text(form, "curriculumContact.name"), email: text(form, "curriculumContact.email"), role: text(form, "curriculumContact.role") },
    message: text(form, "message"),
  };
}

/** Field errors keyed for the form: "additionalEmails.3" shows beside the additional emails box. */
export function formErrors(fields: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields ?? {})) {
    const name = key.startsWith("additionalEmails") ? "additionalEmails" : key.startsWith("schoolIds") ? "schoolIds" : key.startsWith("sectionIds") ? "sectionIds" : key;
    out[name] ??= message;
  }
  return out;
}
