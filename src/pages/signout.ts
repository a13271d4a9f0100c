// Sign-out: a POST (the header's form) ends the session in D1 and clears the
// cookie. A GET changes nothing and just goes home.
import type { APIRoute } from "astro";
import { db } from "../lib/db";
import { SESSION_COOKIE } from "../../workers/accounts/actor";
import { endSession, sessionCookieOptions } from "../../workers/accounts/sessions";

export const POST: APIRoute = async ({ cookies, url, redirect }) => {
  const token = cookies.get(SESSION_COOKIE)?.value;
  if (token) await endSession(db(), token);
  const { path, httpOnly, sameSite, secure } = sessionCookieOptions(url, 0);
  cookies.delete(SESSION_COOKIE, { path, httpOnly, sameSite, secure });
  return redirect("/signin", 303);
};

export const GET: APIRoute = ({ redirect }) => redirect("/", 303);
