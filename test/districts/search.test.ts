// Guards district search: words in any order, a partial last word, accents,
// ranking (exact, then prefix, then the rest; larger first), NCES ids, paging,
// and the empty-query guidance instead of a list of every district.
import { beforeAll, describe, expect, it } from "vitest";
import { createVendor, type VendorFixture } from "../support/fixtures";
import { district, search, word } from "./helpers";

let vendor: VendorFixture;
beforeAll(async () => {
  vendor = await createVendor();
});

describe("matching", () => {
  it("finds a district by its words in any order, with the last word partial", async () => {
    const [a, b] = [word(), word()];
    const d = await district({ name: `${a} ${b} Unified` });
    for (const q of [`${a} ${b}`, `${b} ${a}`, `unified ${a}`, `${b} ${a.slice(0, 4)}`, `${a.toUpperCase()}`]) {
      const { status, body } = await search(vendor.auth, { q });
      expect(status, q).toBe(200);
      expect(body.results.map((r) => r.id), q).toContain(d.id);
    }
  });

  it("ignores accents and punctuation on either side", async () => {
    const w = word();
    const d = await district({ name: `Ñandú-${w} St. Mary's` });
    for (const q of [`nandu ${w}`, `ÑANDÚ ${w}`, `${w} st marys`.replace("marys", "mary")]) {
      const { body } = await search(vendor.auth, { q });
      expect(body.results.map((r) => r.id), q).toContain(d.id);
    }
  });

  it("does not match when a word is missing from the name", async () => {
    const w = word();
    await district({ name: `${w} Schools` });
    const { body } = await search(vendor.auth, { q: `${w} ${word()}` });
    expect(body.results).toEqual([]);
    expect(body.total).toBe(0);
  });

  it("finds a district by its 7-digit NCES id", async () => {
    const d = await district({ name: `${word()} County Schools` });
    const { body } = await search(vendor.auth, { q: d.id });
    expect(body.results).toHaveLength(1);
    expect(body.results[0]).toMatchObject({ id: d.id, name: d.name, state: d.state, onHomeroom: true, syncStatus: "up_to_date" });
  });

  it("answers an empty query with guidance, not rows", async () => {
    const { status, body } = await search(vendor.auth, { q: "  " });
    expect(status).toBe(200);
    expect(body.results).toEqual([]);
    expect(body.guidance).toMatch(/NCES ID/);
  });
});

describe("ranking", () => {
  it("puts the exact name first, then names starting with the query, then the rest; larger first among equals", async () => {
    const w = word();
    // Created smallest rank (largest district) first.
    const containsBig = await district({ name: `Greater ${w} Academy` });
    const prefixBig = await district({ name: `${w} Valley Schools` });
    const containsSmall = await district({ name: `North ${w}` });
    const prefixSmall = await district({ name: `${w} Heights` });
    const exact = await district({ name: w });
    const { body } = await search(vendor.auth, { q: w });
    expect(body.results.map((r) => r.id)).toEqual([exact.id, prefixBig.id, prefixSmall.id, containsBig.id, containsSmall.id]);
    expect(body.total).toBe(5);
  });

  it("pages by 20 and counts every match", async () => {
    const w = word();
    for (let i = 0; i < 23; i++) await district({ name: `${w} District ${i}`, onHomeroom: false, schools: 0 });
    const first = await search(vendor.auth, { q: w });
    const second = await search(vendor.auth, { q: w, page: "2" });
    expect(first.body.results).toHaveLength(20);
    expect(second.body.results).toHaveLength(3);
    expect(first.body.total).toBe(23);
    expect(second.body.page).toBe(2);
    const ids = new Set([...first.body.results, ...second.body.results].map((r) => r.id));
    expect(ids.size).toBe(23);
  });
});
