// Guards data compatibility: per-field coverage and status for the acting app's
// fields, the overall score, "unknown" (null) for Off-Homeroom districts, and
// that each vendor sees the score for its own app.
import { describe, expect, it } from "vitest";
import { compatibilityOf, fieldStatus } from "../../workers/districts/compatibility";
import { api, createVendor } from "../support/fixtures";
import { district, search, word } from "./helpers";

describe("compatibility", () => {
  it("scores each field the app needs and the mean as the score", () => {
    const c = compatibilityOf(["student.email", "teacher.email", "section.subject"], new Map([["student.email", 1], ["teacher.email", 0.5]]));
    expect(c.score).toBe(50);
    expect(c.fields).toEqual([
      { field: "student.email", label: "Student email", coverage: 1, status: "ok" },
      { field: "teacher.email", label: "Teacher email", coverage: 0.5, status: "partial" },
      { field: "section.subject", label: "Section subject", coverage: 0, status: "missing" },
    ]);
    expect([fieldStatus(0.95), fieldStatus(0.949), fieldStatus(0.05), fieldStatus(0.049)]).toEqual(["ok", "partial", "partial", "missing"]);
  });

  it("gives the district page and the search row the score for the acting app", async () => {
    const reading = await createVendor({ fields: ["student.email", "teacher.email"] });
    const math = await createVendor({ fields: ["student.grade"] });
    const w = word();
    const d = await district({ name: `${w} Unified`, coverage: { "student.email": 1, "teacher.email": 0.6, "student.grade": 0.02 } });
    const res = await api(`/api/districts/${d.id}`, { headers: reading.auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { compatibility: unknown; schools: unknown[]; syncStatus: unknown };
    expect(body.compatibility).toEqual({
      score: 80,
      fields: [
        { field: "student.email", label: "Student email", coverage: 1, status: "ok" },
        { field: "teacher.email", label: "Teacher email", coverage: 0.6, status: "partial" },
      ],
    });
    expect((await search(reading.auth, { q: w })).body.results[0]?.compatibility).toBe(80);
    expect((await search(math.auth, { q: w })).body.results[0]?.compatibility).toBe(2);
  });

  it("is unknown for an Off-Homeroom district", async () => {
    const v = await createVendor();
    const d = await district({ name: `${word()} Public Schools`, onHomeroom: false, schools: 2 });
    const body = (await (await api(`/api/districts/${d.id}`, { headers: v.auth })).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: d.id, onHomeroom: false, syncStatus: null, compatibility: null, schoolCount: 2 });
    expect(body.schools).toHaveLength(2);
  });
});
