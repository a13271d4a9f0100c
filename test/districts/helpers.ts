// Search-test helpers: districts with unique words (so no other test's data can
// match), name_key set the way the seed sets it, and a typed search call.
import { eq } from "drizzle-orm";
import { districts } from "../../workers/db/schema";
import type { SearchPage } from "../../workers/districts/search";
import { nameKey } from "../../workers/districts/text";
import { api, createDistrict, db, uniq } from "../support/fixtures";

/** A word no other district has: letters only, so it is one FTS token. */
export const word = () => `zq${uniq().replace(/\d/g, (d) => "abcdefghij"[Number(d)] ?? "x")}`;

let rankBase = 2_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;
/** Increasing search ranks: a smaller rank is a larger district. */
export const nextRank = () => ++rankBase;

export async function district(opts: Parameters<typeof createDistrict>[0] & { name: string }) {
  const d = await createDistrict({ schools: 1, searchRank: nextRank(), ...opts });
  await db().update(districts).set({ nameKey: nameKey(opts.name) }).where(eq(districts.id, d.id));
  return d;
}

/** The API answer: the domain's search page without its internal rows-read figure (sent as a header). */
export type SearchBody = Omit<SearchPage, "rowsRead">;

export async function search(auth: Record<string, string>, params: Record<string, string>): Promise<{ status: number; body: SearchBody; rowsRead: number }> {
  const res = await api(`/api/districts?${new URLSearchParams(params)}`, { headers: auth });
  return { status: res.status, body: (await res.json()) as SearchBody, rowsRead: Number(res.headers.get("x-rows-read")) };
}
