// A district contact asks for an app from its public page (/request/:appId),
// with no account. The district is named by its 7-digit NCES ID or found by
// name among On-Homeroom districts (several matches come back as choices).
// Filing writes the request (status "unconfirmed"), a "request" token and the
// confirmation email in one batch: nothing reaches the vendor until the
// requester proves the address by confirming (confirm.ts). One open request per
// app and district (a partial unique index); a lapsed unconfirmed one, or the
// same person asking again before confirming, is replaced. Rate-limited per
// client address and per email address.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { BatchItem, Database } from "../db/client";
import { accessRequests, accessTokens, connections, districts } from "../db/schema";
import { enforceLimits } from "../accounts/rate-limit";
import { normalizeEmail } from "../accounts/signin";
import { parseSearchParams } from "../districts/query";
import { searchDistricts } from "../districts/search";
import { isNcesId } from "../districts/district";
import { queueEmail } from "../email/outbox";
import type { Env } from "../env";
import { newId, sha256Hex } from "../lib/crypto";
import { AppError, type FieldErrors } from "../lib/errors";
import { issueToken, TOKEN_TTL_MS } from "../lib/tokens";
import { confirmEmail } from "./emails";
import { publicApp } from "./queries";

export const LIMITS = { name: 100, email: 254, role: 100, message: 2000, district: 100 } as const;
const HOUR = 3_600_000;

export interface DistrictChoice {
  id: string;
  name: string;
  state: string;
  city: string;
}

export interface RequestInput {
  appId: string;
  /** What the person typed: an NCES ID or part of the district's name. */
  district: string;
  /** A district picked from the choices of an earlier answer (wins over `district`). */
  districtId?: string | null;
  name: string;
  email: string;
  role: string;
  message?: string | null;
  /** CF-Connecting-IP, or null. */
  client: string | null;
}

export interface FiledRequest {
  requestId: string;
  district: DistrictChoice;
  email: string;
  /** The raw confirmation token (also emailed). */
  token: string;
}

function requestLimits(env: Pick<Env, "DEV_MAILBOX">) {
  return env.DEV_MAILBOX === "1" ? { perEmail: 200, perClient: 1000 } : { perEmail: 5, perClient: 20 };
}

type DistrictRow = typeof districts.$inferSelect;

/** Finds the district the person means, or throws a field error (with choices when several match). */
export async function resolveDistrict(db: Database, appId: string, text: string, chosenId?: string | null): Promise<DistrictRow> {
  const pick = (chosenId ?? "").trim() || text.trim();
  if (!pick) throw new AppError("validation_failed", "Name your district", { fields: { district: "Enter your district's name or its 7-digit NCES ID" } });
  if (pick.length > LIMITS.district) throw new AppError("validation_failed", "The district name is too long", { fields: { district: `At most ${LIMITS.district} characters` } });
  if (isNcesId(pick)) {
    const row = await db.select().from(districts).where(eq(districts.id, pick)).get();
    if (!row) throw new AppError("validation_failed", "No such district", { fields: { district: `No district has the NCES ID ${pick}` } });
    return row;
  }
  let params;
  try {
    params = parseSearchParams({ q: pick, on: "on" });
  } catch {
    throw new AppError("validation_failed", "No district matches", { fields: { district: "Enter your district's name or its 7-digit NCES ID" } });
  }
  const found = await searchDistricts(db, { ...params, appId });
  const exact = found.results.filter((r) => r.name.toLowerCase() === pick.toLowerCase());
  const only = found.results.length === 1 ? found.results[0] : exact.length === 1 ? exact[0] : undefined;
  if (only) {
    const row = await db.select().from(districts).where(eq(districts.id, only.id)).get();
    if (row) return row;
  }
  if (found.results.length === 0) {
    const msg = `No district on Homeroom matches "${pick}". Check the spelling or use its 7-digit NCES ID. If your district is not on Homeroom yet, ask the app's maker to invite it.`;
    throw new AppError("validation_failed", msg, { fields: { district: msg } });
  }
  const choices: DistrictChoice[] = found.results.map((r) => ({ id: r.id, name: r.name, state: r.state, city: r.city }));
  throw new AppError("validation_failed", "Several districts match: choose yours", { fields: { district: "Several districts match: choose yours from the list" }, details: { choices } });
}

function checkPerson(input: RequestInput): { fields: FieldErrors; name: string; email: string; role: string; message: string } {
  const fields: FieldErrors = {};
  const name = input.name.trim();
  const role = input.role.trim();
  const message = (input.message ?? "").trim();
  if (!name) fields.name = "Enter your name";
  else if (name.length > LIMITS.name) fields.name = `At most ${LIMITS.name} characters`;
  if (!role) fields.role = "Say what you do at the district, e.g. curriculum director";
  else if (role.length > LIMITS.role) fields.role = `At most ${LIMITS.role} characters`;
  if (message.length > LIMITS.message) fields.message = `At most ${LIMITS.message} characters`;
  let email = "";
  try {
    email = normalizeEmail(input.email);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    fields.email = err.fields?.email ?? err.message;
  }
  return { fields, name, email, role, message };
}

export async function fileRequest(db: Database, env: Env, input: RequestInput, now: number): Promise<FiledRequest> {
  const app = await publicApp(db, input.appId);
  if (!app) throw new AppError("not_found", "App not found");
  const person = checkPerson(input);
  let district: DistrictRow | null = null;
  let choices: unknown;
  try {
    district = await resolveDistrict(db, app.id, input.district, input.districtId);
    if (!district.onHomeroom) {
      person.fields.district = `${district.name} (${district.state}) is not on Homeroom yet, so it can't ask for apps here. Ask ${app.vendorName} to invite your district instead: their invitation starts its onboarding.`;
    }
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "validation_failed") throw err;
    Object.assign(person.fields, err.fields);
    choices = err.details?.choices;
  }
  const names = Object.keys(person.fields);
  if (names.length || !district) {
    const first = names[0] ? person.fields[names[0]] : undefined;
    throw new AppError("validation_failed", names.length === 1 && first ? first : "Please correct the fields marked below", { fields: person.fields, details: choices ? { choices } : undefined });
  }

  const limits = requestLimits(env);
  await enforceLimits(db, [
    { key: `request:email:${await sha256Hex(person.email)}`, limit: limits.perEmail, windowMs: HOUR },
    ...(input.client ? [{ key: `request:client:${input.client}`, limit: limits.perClient, windowMs: HOUR }] : []),
  ], now, (wait) => `Too many requests from here for now. Try again in ${wait}.`);

  const where = `${district.name} (${district.state})`;
  const connected = await db.select({ id: connections.id }).from(connections).where(and(eq(connections.appId, app.id), eq(connections.districtId, district.id))).get();
  if (connected) throw new AppError("conflict", `${app.name} is already connected to ${where}. Your district's administrators can see it in Homeroom.`, { fields: { district: "Already connected" } });
  const open = await db.select().from(accessRequests)
    .where(and(eq(accessRequests.appId, app.id), eq(accessRequests.districtId, district.id), inArray(accessRequests.status, ["unconfirmed", "pending"]))).get();
  // An unconfirmed request is replaced when its link has lapsed, or when the same person asks again.
  const replace = open?.status === "unconfirmed" && (open.createdAt + TOKEN_TTL_MS.request <= now || open.requesterEmail === person.email) ? open : null;
  if (open && !replace) {
    const msg = open.status === "pending"
      ? `${where} has already asked for ${app.name}; the request is waiting for ${app.vendorName}'s answer.`
      : `Someone at ${where} has already asked for ${app.name} and has not confirmed their email address yet. Their request lapses after 7 days.`;
    throw new AppError("conflict", msg, { fields: { district: msg } });
  }

  const requestId = newId();
  const token = await issueToken(db, "request", { requestId }, now);
  const parties = { appName: app.name, vendorName: app.vendorName, districtName: district.name, districtState: district.state };
  const mail = queueEmail(db, env, {
    template: "request.confirm", to: [person.email], vendorId: app.vendorId,
    ...confirmEmail(parties, { name: person.name, url: `${env.APP_URL}/request/confirm/${token.token}` }),
  }, now);
  const insert = db.insert(accessRequests).values({
    id: requestId, appId: app.id, vendorId: app.vendorId, districtId: district.id, status: "unconfirmed",
    requesterName: person.name, requesterEmail: person.email, requesterRole: person.role, message: person.message,
    createdAt: now, updatedAt: now,
  });
  const statements: BatchItem[] = [
    // A replaced request leaves the open set first, so the partial unique index admits the new one.
    ...(replace
      ? [
        db.update(accessRequests).set({ status: "withdrawn", updatedAt: now }).where(and(eq(accessRequests.id, replace.id), eq(accessRequests.status, "unconfirmed"))),
        db.update(accessTokens).set({ revokedAt: now }).where(and(eq(accessTokens.requestId, replace.id), eq(accessTokens.purpose, "request"), isNull(accessTokens.usedAt), isNull(accessTokens.revokedAt))),
      ]
      : []),
    insert,
    token.statement,
    mail.statement,
  ];
  try {
    await db.batch(statements as [BatchItem, ...BatchItem[]]);
  } catch (err) {
    // The partial unique index: another request for this app and district landed a moment ago.
    if (String((err as Error)?.message ?? err).includes("UNIQUE")) {
      const msg = `${where} has already asked for ${app.name}.`;
      throw new AppError("conflict", msg, { fields: { district: msg } });
    }
    throw err;
  }
  return { requestId, district: { id: district.id, name: district.name, state: district.state, city: district.city }, email: person.email, token: token.token };
}
