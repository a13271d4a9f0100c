// Guards reading a state out of the query ("springfield il", "Springfield,
// Illinois") only when it finds something, and the state and On/Off filters.
import { beforeAll, describe, expect, it } from "vitest";
import { parseQuery } from "../../workers/districts/query";
import { createVendor, type VendorFixture } from "../support/fixtures";
import { district, search, word } from "./helpers";

let vendor: VendorFixture;
beforeAll(async () => {
  vendor = await createVendor();
});

describe("a state in the query", () => {
  it("filters by a trailing state code or name", async () => {
    const w = word();
    const il = await district({ name: `${w} Springfield`, state: "IL" });
    const mo = await district({ name: `${w} Springfield`, state: "MO" });
    for (const q of [`${w} springfield il`, `${w} Springfield, Illinois`, `${w} springfield IL`]) {
      const { body } = await search(vendor.auth, { q });
      expect(body.results.map((r) => r.id), q).toEqual([il.id]);
      expect(body.stateFromQuery, q).toBe("IL");
    }
    const both = await search(vendor.auth, { q: `${w} springfield` });
    expect(new Set(both.body.results.map((r) => r.id))).toEqual(new Set([il.id, mo.id]));
    expect(both.body.stateFromQuery).toBeNull();
  });

  it("reads a multi-word state name", async () => {
    const w = word();
    const nc = await district({ name: `${w} County Schools`, state: "NC" });
    await district({ name: `${w} County Schools`, state: "SC" });
    const { body } = await search(vendor.auth, { q: `${w} county north carolina` });
    expect(body.results.map((r) => r.id)).toEqual([nc.id]);
  });

  it("falls back to the words as a name when the state reading finds nothing", async () => {
    const w = word();
    const d = await district({ name: `${w} New York City`, state: "NY" });
    const asName = await district({ name: `${w} Indiana Academy`, state: "PA" });
    expect((await search(vendor.auth, { q: `${w} new york` })).body.results.map((r) => r.id)).toEqual([d.id]);
    const { body } = await search(vendor.auth, { q: `${w} indiana` });
    expect(body.results.map((r) => r.id)).toEqual([asName.id]);
    expect(body.stateFromQuery).toBeNull();
  });

  it("never treats the only words as a state", () => {
    expect(parseQuery("new york")).toEqual({ kind: "words", readings: [{ words: ["new", "york"], stateFromQuery: false }] });
    expect(parseQuery("oregon trail or")).toMatchObject({ kind: "words", readings: [{ words: ["oregon", "trail"], state: "OR" }, { words: ["oregon", "trail", "or"] }] });
  });
});

describe("filters", () => {
  it("filters by state and by On/Off Homeroom", async () => {
    const w = word();
    const caOn = await district({ name: `${w} Elementary`, state: "CA", onHomeroom: true });
    const caOff = await district({ name: `${w} Elementary`, state: "CA", onHomeroom: false });
    const txOn = await district({ name: `${w} Elementary`, state: "TX", onHomeroom: true });
    const ids = async (params: Record<string, string>) => new Set((await search(vendor.auth, { q: w, ...params })).body.results.map((r) => r.id));
    expect(await ids({ state: "CA" })).toEqual(new Set([caOn.id, caOff.id]));
    expect(await ids({ state: "ca", on: "on" })).toEqual(new Set([caOn.id]));
    expect(await ids({ on: "off" })).toEqual(new Set([caOff.id]));
    expect(await ids({ on: "on" })).toEqual(new Set([caOn.id, txOn.id]));
  });

  it("shows sync status and the On/Off tag on each row", async () => {
    const w = word();
    await district({ name: `${w} Paused District`, syncStatus: "paused" });
    await district({ name: `${w} Directory Only`, onHomeroom: false });
    const { body } = await search(vendor.auth, { q: w });
    const byName = Object.fromEntries(body.results.map((r) => [r.name, r]));
    expect(byName[`${w} Paused District`]).toMatchObject({ onHomeroom: true, syncStatus: "paused" });
    expect(byName[`${w} Directory Only`]).toMatchObject({ onHomeroom: false, syncStatus: null, compatibility: null });
  });
});
