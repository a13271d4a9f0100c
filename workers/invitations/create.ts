// Sending an invitation. Everything it causes (the invitation, its proposal,
// its timeline, the district's link and the emails) is written in one D1 batch,
// so a failure anywhere leaves nothing behind; delivery happens afterwards from
// the outbox (the caller calls deliverSoon). Each app may send SEND_LIMITS
// invitations an hour and a day, so no one can use us to flood inboxes.
import type { Actor } from "../accounts/actor";
import { enforceLimits } from "../accounts/rate-limit";
import type { BatchItem, Database } from "../db/client";
import { invitationEvents, invitations, invitationSchools, invitationSections, onboardings } from "../db/schema";
import { queueEmail } from "../email/outbox";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { issueToken } from "../lib/tokens";
import { connectEmail, defaultMessage, onboardingContactEmail, onboardingTeamEmail } from "./emails";
import { claimStatement, findReplay, isClaimCollision, isOpenInvitationCollision, type OnceKey } from "./once";
import { senderForActor, type SenderContext } from "./sender";
import { toSummary, type InvitationSummary } from "./summary";
import { assertNoOpenInvitation, checkOnboarding, describeSharing, parseCreate, planConnect } from "./validate";

const DAY = 86_400_000;
export const CONNECT_TTL_MS = 30 * DAY;
/** Onboarding a district takes longer than reviewing an invitation. */
export const ONBOARDING_TTL_MS = 90 * DAY;

/** Invitations (each one emails a district) an app may send: per hour and per UTC day. */
export const SEND_LIMITS = { perHour: 60, perDay: 500 } as const;

/** Counts one invitation against the app's limits; over either, rate_limited (429) saying when to try again. */
export async function countInvitationSend(db: Database, appId: string, now: number): Promise<void> {
  await enforceLimits(db, [
    { key: `invitations:hour:${appId}`, limit: SEND_LIMITS.perHour, windowMs: 3_600_000 },
    { key: `invitations:day:${appId}`, limit: SEND_LIMITS.perDay, windowMs: DAY },
  ], now, (wait) => `This app has sent as many invitations as it may for now (${SEND_LIMITS.perHour} an hour, ${SEND_LIMITS.perDay} a day). Try again in ${wait}.`);
}

export type CreateEnv = Pick<Env, "APP_URL" | "EMAIL_FROM" | "HOMEROOM_TEAM_EMAIL" | "ONBOARDING_TEAM_EMAIL">;

export interface CreateOptions {
  /** An Idempotency-Key or form nonce, claimed in the same batch. */
  once?: OnceKey;
  /** Fixed invitation id (tests). */
  id?: string;
}

/** Rows of a two-column insert, in statements under D1's 100-parameter limit. */
export function chunkedInserts<T>(rows: T[], insert: (chunk: T[]) => BatchItem, size = 45): BatchItem[] {
  const out: BatchItem[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(insert(rows.slice(i, i + size)));
  return out;
}

export function eventStatement(db: Database, invitationId: string, type: string, actor: string, detail: string, at: number): BatchItem {
  return db.insert(invitationEvents).values({ id: newId(), invitationId, type, actor, detail, at });
}

export async function createInvitation(db: Database, env: CreateEnv, actor: Actor, raw: unknown, now: number, opts: CreateOptions = {}): Promise<InvitationSummary> {
  const input = parseCreate(raw);
  const ctx = await senderForActor(db, actor);
  // Counted once the request is valid; replays of an Idempotency-Key or form nonce never get here.
  await countInvitationSend(db, actor.appId, now);
  const run = async (): Promise<InvitationSummary> => {
    if (input.kind === "onboarding") {
      const district = await checkOnboarding(db, input);
      await assertNoOpenInvitation(db, actor.appId, district);
      return writeOnboarding(db, env, ctx, district, input, now, opts);
    }
    const plan = await planConnect(db, input, now);
    await assertNoOpenInvitation(db, actor.appId, plan.district);
    return writeConnect(db, env, ctx, plan, now, opts);
  };
  try {
    return await run();
  } catch (err) {
    // A concurrent twin got there first: answer as the rules say, not with a 500.
    if (isClaimCollision(err)) throw new AppError("conflict", "This request was already received", { details: { replay: true } });
    if (isOpenInvitationCollision(err)) return run();
    throw err;
  }
}

/**
 * Create once per key (Idempotency-Key or form nonce): a key already used answers
 * with the first invitation. That includes the twin of a double-click that lost
 * the race and was refused as a duplicate: its key is claimed by then.
 */
export async function createInvitationOnce(
  db: Database, env: CreateEnv, actor: Actor, raw: unknown, now: number, once?: OnceKey,
): Promise<{ invitation: InvitationSummary; replayed: boolean }> {
  const replay = async () => {
    const first = once ? await findReplay(db, once) : null;
    return first ? { invitation: first.body as InvitationSummary, replayed: true } : null;
  };
  const early = await replay();
  if (early) return early;
  try {
    return { invitation: await createInvitation(db, env, actor, raw, now, { once }), replayed: false };
  } catch (err) {
    const late = err instanceof AppError && err.code === "conflict" ? await replay() : null;
    if (late) return late;
    throw err;
  }
}

async function writeConnect(
  db: Database, env: CreateEnv, ctx: SenderContext, plan: Awaited<ReturnType<typeof planConnect>>, now: number, opts: CreateOptions,
): Promise<InvitationSummary> {
  const id = opts.id ?? newId();
  const { district } = plan;
  const message = plan.message ?? defaultMessage({ ...ctx.sender, districtName: district.name });
  const storedSchools = plan.shareMode === "none" ? [] : plan.schoolIds;
  const row = {
    id, appId: ctx.appId, vendorId: ctx.vendorId, districtId: district.id, kind: "connect" as const, status: "pending" as const,
    message, contactName: plan.primaryContact.name, contactEmail: plan.primaryContact.email, contactRole: null,
    additionalEmails: JSON.stringify(plan.additionalEmails), launchDate: plan.launchDate, shareMode: plan.shareMode,
    createdBy: ctx.userId, createdAt: now, updatedAt: now, expiresAt: now + CONNECT_TTL_MS,
    decidedAt: null, decisionReason: null, connectionId: null, reminderSentAt: null,
  };
  const token = await issueToken(db, "review", { invitationId: id }, now);
  const to = [plan.primaryContact.email, ...plan.additionalEmails];
  const sharing = describeSharing(plan.shareMode, storedSchools.length, plan.sectionIds.length, district.schoolCount || storedSchools.length);
  const mail = queueEmail(db, env, {
    template: "invitation.connect",
    to,
    cc: [...ctx.cc, env.HOMEROOM_TEAM_EMAIL],
    replyTo: ctx.replyTo,
    ...connectEmail(ctx.sender, { districtName: district.name, message, launchDate: plan.launchDate, sharing, url: `${env.APP_URL}/connect/${token.token}` }),
    vendorId: ctx.vendorId,
    invitationId: id,
  }, now);
  const summary = toSummary(row, district, storedSchools, plan.sectionIds);
  const statements: BatchItem[] = [
    db.insert(invitations).values(row),
    ...chunkedInserts(storedSchools, (chunk) => db.insert(invitationSchools).values(chunk.map((schoolId) => ({ invitationId: id, schoolId })))),
    ...chunkedInserts(plan.sectionIds, (chunk) => db.insert(invitationSections).values(chunk.map((sectionId) => ({ invitationId: id, sectionId })))),
    eventStatement(db, id, "created", ctx.actorLabel, `Connect invitation: ${sharing}`, now),
    token.statement,
    mail.statement,
    eventStatement(db, id, "emailed", "system", `Invitation emailed to ${to.join(", ")}`, now),
  ];
  if (opts.once) statements.push(claimStatement(db, opts.once, 201, summary, now));
  await db.batch(statements as [BatchItem, ...BatchItem[]]);
  return summary;
}

async function writeOnboarding(
  db: Database, env: CreateEnv, ctx: SenderContext, district: Awaited<ReturnType<typeof checkOnboarding>>,
  input: Extract<ReturnType<typeof parseCreate>, { kind: "onboarding" }>, now: number, opts: CreateOptions,
): Promise<InvitationSummary> {
  const id = opts.id ?? newId();
  const contact = { ...input.curriculumContact, email: input.curriculumContact.email.toLowerCase() };
  const details = { id: district.id, ...input.district };
  const row = {
    id, appId: ctx.appId, vendorId: ctx.vendorId, districtId: district.id, kind: "onboarding" as const, status: "pending" as const,
    message: input.message, contactName: contact.name, contactEmail: contact.email, contactRole: contact.role,
    additionalEmails: "[]", launchDate: null, shareMode: "all" as const,
    createdBy: ctx.userId, createdAt: now, updatedAt: now, expiresAt: now + ONBOARDING_TTL_MS,
    decidedAt: null, decisionReason: null, connectionId: null, reminderSentAt: null,
  };
  const token = await issueToken(db, "join", { invitationId: id }, now);
  const toContact = queueEmail(db, env, {
    template: "invitation.onboarding",
    to: [contact.email],
    cc: ctx.cc,
    replyTo: ctx.replyTo,
    ...onboardingContactEmail(ctx.sender, { districtName: input.district.name, contactName: contact.name, message: input.message, url: `${env.APP_URL}/join/${token.token}` }),
    vendorId: ctx.vendorId,
    invitationId: id,
  }, now);
  const toTeam = queueEmail(db, env, {
    template: "onboarding.team",
    to: [env.ONBOARDING_TEAM_EMAIL],
    replyTo: contact.email,
    ...onboardingTeamEmail(ctx.sender, { district: details, contact, opsUrl: `${env.APP_URL}/ops/onboarding` }),
    vendorId: ctx.vendorId,
    invitationId: id,
  }, now);
  const summary = toSummary(row, district, [], []);
  const statements: BatchItem[] = [
    db.insert(invitations).values(row),
    db.insert(onboardings).values({
      id: newId(), invitationId: id, districtId: district.id, status: "new",
      districtName: input.district.name, districtState: input.district.state, districtWebsite: input.district.website, districtPhone: input.district.phone,
      contactName: contact.name, contactEmail: contact.email, contactRole: contact.role, createdAt: now, updatedAt: now,
    }),
    eventStatement(db, id, "created", ctx.actorLabel, `Onboarding invitation for ${contact.name} (${contact.role})`, now),
    token.statement,
    toContact.statement,
    toTeam.statement,
    eventStatement(db, id, "emailed", "system", `Invitation emailed to ${contact.email}; the onboarding team was told`, now),
  ];
  if (opts.once) statements.push(claimStatement(db, opts.once, 201, summary, now));
  await db.batch(statements as [BatchItem, ...BatchItem[]]);
  return summary;
}
