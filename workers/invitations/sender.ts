// Who an invitation is from, and so who is copied and who gets replies.
// A person (session) is copied and receives replies. An integration (API key)
// has no person: the vendor's users are copied (the first few, oldest first) and
// the oldest receives replies, so a district's answer always reaches a human.
import { and, asc, eq } from "drizzle-orm";
import type { Actor } from "../accounts/actor";
import type { Database } from "../db/client";
import { apps, users, vendors } from "../db/schema";
import { notFound } from "../lib/errors";
import type { Sender } from "./emails";

export const API_CC_LIMIT = 3;

export interface SenderContext {
  sender: Sender;
  vendorId: string;
  appId: string;
  /** Vendor users copied on invitation emails. */
  cc: string[];
  replyTo: string | null;
  /** Timeline actor: "vendor:<userId>" or "api". */
  actorLabel: string;
  userId: string | null;
  /** The vendor user's zone (for previews), UTC for integrations. */
  timeZone: string;
}

export async function senderFor(db: Database, who: { vendorId: string; appId: string; userId: string | null }): Promise<SenderContext> {
  const app = await db
    .select({ appName: apps.name, vendorName: vendors.name })
    .from(apps)
    .innerJoin(vendors, eq(vendors.id, apps.vendorId))
    .where(and(eq(apps.id, who.appId), eq(apps.vendorId, who.vendorId)))
    .get();
  if (!app) throw notFound("App");
  if (who.userId) {
    const user = await db
      .select({ email: users.email, name: users.name, timeZone: users.timeZone })
      .from(users)
      .where(and(eq(users.id, who.userId), eq(users.vendorId, who.vendorId)))
      .get();
    if (user) {
      return {
        sender: { ...app, userName: user.name || null },
        vendorId: who.vendorId, appId: who.appId, cc: [user.email], replyTo: user.email,
        actorLabel: `vendor:${who.userId}`, userId: who.userId, timeZone: user.timeZone,
      };
    }
  }
  const team = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.vendorId, who.vendorId), eq(users.role, "vendor")))
    .orderBy(asc(users.createdAt), asc(users.email))
    .limit(API_CC_LIMIT)
    .all();
  return {
    sender: { ...app, userName: null },
    vendorId: who.vendorId, appId: who.appId, cc: team.map((u) => u.email), replyTo: team[0]?.email ?? null,
    actorLabel: "api", userId: null, timeZone: "UTC",
  };
}

export function senderForActor(db: Database, actor: Actor): Promise<SenderContext> {
  return senderFor(db, { vendorId: actor.vendorId, appId: actor.appId, userId: actor.via === "session" ? actor.userId : null });
}

/** The person behind a stored invitation (created_by holds the user id, null for the API). */
export function senderOfInvitation(db: Database, inv: { vendorId: string; appId: string; createdBy: string | null }): Promise<SenderContext> {
  return senderFor(db, { vendorId: inv.vendorId, appId: inv.appId, userId: inv.createdBy });
}
