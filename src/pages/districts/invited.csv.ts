// The Invited Districts view as CSV: the same status, search and sort as the
// page's URL, every matching row (not just one page).
import type { APIRoute } from "astro";
import { db } from "../../lib/db";
import { signInUrl } from "../../lib/guard";
import { invitationsCsv, listInvitations, normaliseQuery } from "../../../workers/invitations/list";

export const GET: APIRoute = async ({ locals, url, redirect }) => {
  const actor = locals.actor;
  if (!actor) return redirect(signInUrl(url), 303);
  const p = url.searchParams;
  const query = normaliseQuery({ status: p.get("status"), q: p.get("q"), sort: p.get("sort"), page: "1" });
  const { items } = await listInvitations(db(), actor.appId, query, { all: true });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(invitationsCsv(items), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="invited-districts-${query.status}-${stamp}.csv"`,
      "cache-control": "private, no-store",
    },
  });
};
