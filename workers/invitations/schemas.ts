// The shapes of an invitation request, shared by the API (which also publishes
// them in /api/openapi.json) and the domain (which re-checks them for pages).
// Limits here are the ones the forms' maxlength attributes repeat.
import { z } from "@hono/zod-openapi";
import type { FieldErrors } from "../lib/errors";

export const LIMITS = {
  name: 120,
  email: 254,
  role: 120,
  message: 4000,
  additionalEmails: 20,
  districtName: 200,
  website: 200,
  phone: 40,
  notes: 4000,
} as const;

const trimmed = (max: number, what: string) =>
  z.string({ error: `${what} is required` }).trim().max(max, `${what} must be at most ${max} characters`);
const required = (max: number, what: string) => trimmed(max, what).min(1, `${what} is required`);
const email = (what: string) =>
  z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(LIMITS.email, `${what} is too long`)
    .pipe(z.email(`${what} is not a valid email address`));

export const ContactSchema = z.object({
  name: required(LIMITS.name, "Contact name"),
  email: email("Contact email"),
});

export const ConnectInputSchema = z
  .object({
    kind: z.literal("connect").optional().openapi({ description: "Omit, or \"connect\", for an On-Homeroom district" }),
    districtId: required(20, "District").openapi({ example: "0622710" }),
    primaryContact: ContactSchema,
    /** Checked one by one in the domain, so an error can name the bad address. */
    additionalEmails: z.array(z.string().max(LIMITS.email, "Email address is too long"))
      .max(LIMITS.additionalEmails, `At most ${LIMITS.additionalEmails} additional contacts`).default([]),
    message: trimmed(LIMITS.message, "Message").optional().openapi({ description: "Defaults to a message naming the app, the vendor and the district" }),
    launchDate: z.string().nullable().optional().openapi({ description: "YYYY-MM-DD in the district's time zone, not in the past; null for none", example: "2027-09-01" }),
    schoolIds: z.array(z.string().max(40)).max(5000).optional().openapi({ description: "Defaults to every school of the district; [] suggests none" }),
    sectionIds: z.array(z.string().max(80)).max(5000).default([]).openapi({ description: "Empty: every section of the chosen schools" }),
  })
  .openapi("ConnectInvitationInput");

export const OnboardingInputSchema = z
  .object({
    kind: z.literal("onboarding"),
    districtId: required(20, "District"),
    curriculumContact: z.object({
      name: required(LIMITS.name, "Contact name"),
      email: email("Contact email"),
      role: required(LIMITS.role, "Role"),
    }),
    district: z.object({
      name: required(LIMITS.districtName, "District name"),
      state: z.string({ error: "State is required" }).trim().toUpperCase().regex(/^[A-Z]{2}$/, "State is a two-letter code"),
      website: trimmed(LIMITS.website, "Website").default(""),
      phone: trimmed(LIMITS.phone, "Phone").default(""),
    }),
    message: required(LIMITS.message, "Message"),
  })
  .openapi("OnboardingInvitationInput");

export const CreateInvitationSchema = z.discriminatedUnion("kind", [ConnectInputSchema, OnboardingInputSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'kind must be "connect" (or omitted) or "onboarding"' : undefined),
});

export type ConnectInput = z.input<typeof ConnectInputSchema>;
export type OnboardingInput = z.input<typeof OnboardingInputSchema>;
export type CreateInvitationInput = z.input<typeof CreateInvitationSchema>;
export type ParsedConnect = z.output<typeof ConnectInputSchema>;
export type ParsedOnboarding = z.output<typeof OnboardingInputSchema>;

/** Zod issues as { "primaryContact.email": "..." }, first message per field. */
export function issuesToFields(issues: readonly { path: PropertyKey[]; message: string }[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "body";
    fields[key] ??= issue.message;
  }
  return fields;
}

const EMAIL_RE = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[A-Za-z]{2,}$/;
export const isEmail = (value: string) => value.length <= LIMITS.email && EMAIL_RE.test(value);
