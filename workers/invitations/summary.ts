// An invitation as the API and pages see it, and the detail view: its
// proposal, timeline and every email with its delivery status. Always scoped
// to the acting app: another vendor's invitation is simply not found.
import { and, asc, desc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { districts, emails, invitationEvents, invitations, invitationSchools, invitationSections, onboardings, schools, sections } from "../db/schema";
import { notFound } from "../lib/errors";

type InvitationRow = typeof invitations.$inferSelect;

export interface InvitationSummary {
  id: string;
  districtId: string;
  district: { name: string; state: string };
  kind: "connect" | "onboarding";
  status: InvitationRow["status"];
  message: string;
  primaryContact: { name: string; email: string };
  additionalEmails: string[];
  /** Onboarding invitations only. */
  curriculumContact: { name: string; email: string; role: string } | null;
  launchDate: string | null;
  shareMode: InvitationRow["shareMode"];
  schoolIds: string[];
  sectionIds: string[];
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  connectionId: string | null;
  /** The invitation's page on the site. */
  url: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function parseList(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export function toSummary(row: InvitationRow, district: { name: string; state: string }, schoolIds: string[], sectionIds: string[]): InvitationSummary {
  return {
    id: row.id,
    districtId: row.districtId,
    district: { name: district.name, state: district.state },
    kind: row.kind,
    status: row.status,
    message: row.message,
    primaryContact: { name: row.contactName, email: row.contactEmail },
    additionalEmails: parseList(row.additionalEmails),
    curriculumContact: row.kind === "onboarding" || row.contactRole ? { name: row.contactName, email: row.contactEmail, role: row.contactRole ?? "" } : null,
    launchDate: row.launchDate,
    shareMode: row.shareMode,
    schoolIds,
    sectionIds,
    createdAt: iso(row.createdAt)!,
    expiresAt: iso(row.expiresAt)!,
    decidedAt: iso(row.decidedAt),
    decisionReason: row.decisionReason,
    connectionId: row.connectionId,
    url: `/invitations/${row.id}`,
  };
}

export interface InvitationEmail {
  id: string;
  template: string;
  to: string[];
  cc: string[];
  replyTo: string | null;
  subject: string;
  status: typeof emails.$inferSelect.status;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface InvitationDetail extends InvitationSummary {
  district: { name: string; state: string; city: string; timeZoneOverride: string | null; onHomeroom: boolean };
  schools: { id: string; name: string }[];
  sections: { id: string; name: string; schoolId: string; teacherName: string; subject: string | null; grade: string | null }[];
  events: { id: string; at: string; type: string; actor: string; detail: string }[];
  emails: InvitationEmail[];
  onboarding: { id: string; status: string; contactConfirmedAt: string | null } | null;
}

/** The raw row, scoped to the app; 404 for anyone else's. */
export async function invitationRow(db: Database, appId: string, id: string): Promise<InvitationRow> {
  const row = await db.select().from(invitations).where(and(eq(invitations.id, id), eq(invitations.appId, appId))).get();
  if (!row) throw notFound("Invitation");
  return row;
}

export async function getInvitation(db: Database, appId: string, id: string): Promise<InvitationDetail> {
  const row = await invitationRow(db, appId, id);
  const [district, schoolRows, sectionRows, events, mail, onboarding] = await Promise.all([
    db.select().from(districts).where(eq(districts.id, row.districtId)).get(),
    db.select({ id: schools.id, name: schools.name }).from(invitationSchools).innerJoin(schools, eq(schools.id, invitationSchools.schoolId))
      .where(eq(invitationSchools.invitationId, id)).orderBy(asc(schools.name)).all(),
    db.select({ id: sections.id, name: sections.name, schoolId: sections.schoolId, teacherName: sections.teacherName, subject: sections.subject, grade: sections.grade })
      .from(invitationSections).innerJoin(sections, eq(sections.id, invitationSections.sectionId))
      .where(eq(invitationSections.invitationId, id)).orderBy(asc(sections.name)).all(),
    db.select().from(invitationEvents).where(eq(invitationEvents.invitationId, id)).orderBy(asc(invitationEvents.at), asc(invitationEvents.type)).all(),
    db.select().from(emails).where(eq(emails.invitationId, id)).orderBy(desc(emails.createdAt)).all(),
    db.select().from(onboardings).where(eq(onboardings.invitationId, id)).get(),
  ]);
  const d = district ?? { name: "Unknown district", state: "", city: "", timeZoneOverride: null, onHomeroom: false };
  const summary = toSummary(row, d, schoolRows.map((s) => s.id), sectionRows.map((s) => s.id));
  return {
    ...summary,
    district: { name: d.name, state: d.state, city: d.city, timeZoneOverride: d.timeZoneOverride, onHomeroom: d.onHomeroom },
    schools: schoolRows,
    sections: sectionRows,
    events: events.map((e) => ({ id: e.id, at: iso(e.at)!, type: e.type, actor: e.actor, detail: e.detail })),
    emails: mail.map((m) => ({
      id: m.id, template: m.template, to: parseList(m.to), cc: parseList(m.cc), replyTo: m.replyTo, subject: m.subject,
      status: m.status, attempts: m.attempts, lastError: m.lastError, createdAt: iso(m.createdAt)!, sentAt: iso(m.sentAt),
    })),
    onboarding: onboarding ? { id: onboarding.id, status: onboarding.status, contactConfirmedAt: iso(onboarding.contactConfirmedAt) } : null,
  };
}
