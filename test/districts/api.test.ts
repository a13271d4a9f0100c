// Guards the districts API contract: a bad parameter is a 400 naming it, an
// unknown id a 404, no credentials a 401; the district shape with its schools
// and time zone; search reports the D1 rows it read and stays within budget.
import { describe, expect, it } from "vitest";
import { api, createVendor } from "../support/fixtures";
import { district, search, word } from "./helpers";

describe("districts API errors", () => {
  it.each([
    ["state=ZZ&q=x", "state"],
    ["page=0&q=x", "page"],
    ["page=abc&q=x", "page"],
    ["on=maybe&q=x", "on"],
    [`q=${"a".repeat(101)}`, "q"],
  ])("rejects %s naming %s", async (query, field) => {
    const v = await createVendor();
    const res = await api(`/api/districts?${query}`, { headers: v.auth });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields)).toEqual([field]);
  });

  it("rejects a malformed id with 400 and an unknown one with 404", async () => {
    const v = await createVendor();
    const bad = await api("/api/districts/12ab", { headers: v.auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty("ncesId");
    const missing = await api("/api/districts/0000001", { headers: v.auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("requires a session or an API key", async () => {
    expect((await api("/api/districts?q=springfield")).status).toBe(401);
    expect((await api("/api/districts/0100005")).status).toBe(401);
    expect((await api("/api/districts?q=x", { headers: { authorization: "Bearer hr_nope" } })).status).toBe(401);
  });
});

describe("districts API", () => {
  it("returns a district with grades, schools, sync status and time zone", async () => {
    const v = await createVendor();
    const d = await district({ name: `${word()} Unified`, state: "AZ", schools: 3, syncStatus: "errors" });
    const res = await api(`/api/districts/${d.id}`, { headers: v.auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown> & { schools: Array<{ id: string }> };
    expect(body).toMatchObject({ id: d.id, state: "AZ", timeZone: "America/Phoenix", grades: { low: "KG", high: "12" }, schoolCount: 3, students: 1000, onHomeroom: true, syncStatus: { status: "errors", owner: "homeroom" } });
    expect(body.schools.map((s) => s.id).sort()).toEqual([...d.schoolIds].sort());
  });

  it("reports rows read for a search, and reads few", async () => {
    const v = await createVendor();
    const w = word();
    for (let i = 0; i < 5; i++) await district({ name: `${w} Charter ${i}` });
    const r = await search(v.auth, { q: w.slice(0, 5) });
    expect(r.body.results.length).toBeGreaterThanOrEqual(5);
    expect(r.rowsRead).toBeGreaterThan(0);
    expect(r.rowsRead).toBeLessThan(500);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await (await api("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/districts", "/api/districts/{ncesId}"]));
  });
});
