// The dev mailbox as JSON ({ messages: [...] }, newest first), for end-to-end
// tests and scripts. 404 unless DEV_MAILBOX is "1".
import type { APIRoute } from "astro";
import { db, env } from "../../lib/db";
import { devMailboxEnabled, listMailbox } from "../../../workers/email/mailbox";

export const GET: APIRoute = async () => {
  if (!devMailboxEnabled(env)) return new Response("Not found", { status: 404 });
  const messages = await listMailbox(db());
  return Response.json({ messages }, { headers: { "cache-control": "no-store" } });
};
