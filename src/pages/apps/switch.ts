// The header's app switcher posts here: point the session at another of the
// vendor's apps, then go back to the page the user was on.
import type { APIRoute } from "astro";
import { db } from "../../lib/db";
import { safeNext } from "../../../workers/accounts/signin";
import { switchApp } from "../../../workers/accounts/sessions";
import { AppError } from "../../../workers/lib/errors";

export const POST: APIRoute = async ({ request, locals, redirect }) => {
  const user = locals.user;
  if (!user?.vendorId) return redirect("/signin", 303);
  const form = await request.formData();
  try {
    await switchApp(db(), { sessionHash: user.sessionHash, vendorId: user.vendorId, appId: String(form.get("appId") ?? "") });
  } catch (err) {
    if (err instanceof AppError) return new Response(err.message, { status: err.status });
    throw err;
  }
  // Ids in the old app's pages mean nothing in the new one: go back to the section, not the record.
  const back = safeNext(String(form.get("next") ?? "")) ?? "/districts";
  const [first, second] = (back.split(/[?#]/)[0] ?? "").split("/").filter(Boolean);
  const section = !first ? "/districts" : second && /^[a-z-]+$/.test(second) ? `/${first}/${second}` : `/${first}`;
  return redirect(section, 303);
};
