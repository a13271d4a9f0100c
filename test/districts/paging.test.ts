// Guards paging through many matches: pages by number and by keyset cursor
// agree (same rows, same order, no row twice or missed across the three
// tiers), Previous by cursor returns the page before, a cursor page reads no
// more rows than the numbered page it replaces, and a deep page without a
// cursor or a malformed cursor is a 400 naming the parameter.
import { beforeAll, describe, expect, it } from "vitest";
import { api, createVendor, type VendorFixture } from "../support/fixtures";
import { district, search, word } from "./helpers";

let vendor: VendorFixture;
let w: string;
const expected: string[] = [];

beforeAll(async () => {
  vendor = await createVendor();
  w = word();
  // Created largest first (smaller search rank), in the order search must return them.
  const exact = [await district({ name: w, onHomeroom: false, schools: 0 }), await district({ name: w, state: "TX", onHomeroom: false, schools: 0 })];
  const prefix = [];
  for (let i = 0; i < 24; i++) prefix.push(await district({ name: `${w} Prefix ${i}`, onHomeroom: i % 3 === 0, schools: 0 }));
  const rest = [];
  for (let i = 0; i < 21; i++) rest.push(await district({ name: `North ${w} ${i}`, onHomeroom: false, schools: 0 }));
  expected.push(...[...exact, ...prefix, ...rest].map((d) => d.id));
});

describe("paging", () => {
  it("walks every match by Next cursors in the same order as numbered pages", async () => {
    const numbered = [];
    for (const page of ["1", "2", "3"]) numbered.push(...(await search(vendor.auth, { q: w, page })).body.results.map((r) => r.id));
    expect(numbered).toEqual(expected);

    const walked: string[] = [];
    let params: Record<string, string> = { q: w };
    for (let page = 1; page <= 3; page++) {
      const { status, body } = await search(vendor.auth, params);
      expect(status).toBe(200);
      expect(body.page).toBe(page);
      walked.push(...body.results.map((r) => r.id));
      if (page < 3) {
        expect(body.nextCursor).toMatch(/^[012]\.\d+$/);
        params = { q: w, page: String(page + 1), after: body.nextCursor ?? "" };
      } else expect(body.nextCursor).toBeNull();
    }
    expect(walked).toEqual(expected);
    expect(new Set(walked).size).toBe(47);
  });

  it("goes back a page with the Previous cursor", async () => {
    const two = (await search(vendor.auth, { q: w, page: "2" })).body;
    const three = (await search(vendor.auth, { q: w, page: "3", after: two.nextCursor ?? "" })).body;
    expect(three.prevCursor).toMatch(/^[012]\.\d+$/);
    const back = (await search(vendor.auth, { q: w, page: "2", before: three.prevCursor ?? "" })).body;
    expect(back.results.map((r) => r.id)).toEqual(two.results.map((r) => r.id));
    expect(back.nextCursor).toBe(two.nextCursor);
    expect(two.prevCursor).toBeNull(); // page 1 is reached without a cursor
  });

  it("reads no more rows for a cursor page than for the numbered page", async () => {
    const two = await search(vendor.auth, { q: w, page: "2" });
    const byNumber = await search(vendor.auth, { q: w, page: "3" });
    const byCursor = await search(vendor.auth, { q: w, page: "3", after: two.body.nextCursor ?? "" });
    expect(byCursor.body.results.map((r) => r.id)).toEqual(byNumber.body.results.map((r) => r.id));
    expect(byCursor.rowsRead).toBeGreaterThan(0);
    expect(byCursor.rowsRead).toBeLessThan(byNumber.rowsRead);
  });

  it.each([
    ["page=6", "page"],
    ["page=1&after=2.15", "page"],
    ["page=2&after=nope", "after"],
    ["page=2&before=9.1", "before"],
    ["page=2&after=1.5&before=1.9", "before"],
  ])("rejects %s naming %s", async (query, field) => {
    const res = await api(`/api/districts?q=${w}&${query}`, { headers: vendor.auth });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields)).toEqual([field]);
  });
});
