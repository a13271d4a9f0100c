// Guards /api/bulk-invitations: upload as CSV text or as rows (201, checked,
// nothing sent), read with counts and rows, 400 naming the field for an
// unreadable file, confirm (202) after which every ready row is sent, and
// another vendor's import answering 404 to every route.
import { describe, expect, it, vi } from "vitest";
import { invitationsOf } from "../invitations/helpers";
import { api, createDistrict, createVendor } from "../support/fixtures";
import { sheet } from "./helpers";

interface ImportBody {
  id: string;
  status: string;
  counts: Record<string, number>;
  rows: { rowNumber: number; status: string; errors: Record<string, string>; district: { name: string } | null }[];
}

describe("/api/bulk-invitations", () => {
  it("checks an uploaded sheet (CSV or rows) and sends nothing", async () => {
    const v = await createVendor();
    const [a, b] = [await createDistrict(), await createDistrict()];
    const res = await api("/api/bulk-invitations", { method: "POST", headers: v.auth, json: { csv: sheet([`${a.id},Pat,pat@a.test,,,`, `${b.id},Bo,bo@b,,,`]), fileName: "x.csv" } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as ImportBody;
    expect(body).toMatchObject({ status: "checked", counts: { total: 2, ready: 1, invalid: 1 } });
    expect(body.rows[1]).toMatchObject({ status: "invalid", errors: { contact_email: "Contact email is not a valid email address" }, district: { name: b.name } });

    const asRows = await api("/api/bulk-invitations", { method: "POST", headers: v.auth, json: { rows: [{ nces_id: b.id, contact_name: "Bo", contact_email: "bo@b.test" }] } });
    expect(((await asRows.json()) as ImportBody).counts).toMatchObject({ total: 1, ready: 1 });
    expect(await invitationsOf(v.appId)).toHaveLength(0);
  });

  it("answers 400 naming the csv field for a file without its header", async () => {
    const v = await createVendor();
    const res = await api("/api/bulk-invitations", { method: "POST", headers: v.auth, json: { csv: "just text" } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "validation_failed", fields: { csv: expect.stringMatching(/first line/) } } });
  });

  it("sends every ready row once confirmed, and the import reaches done", async () => {
    const v = await createVendor();
    const ds = [await createDistrict(), await createDistrict()];
    const up = (await (await api("/api/bulk-invitations", { method: "POST", headers: v.auth, json: { csv: sheet(ds.map((d) => `${d.id},Pat,pat-${d.id}@d.test,,,`)) } })).json()) as ImportBody;
    const sent = await api(`/api/bulk-invitations/${up.id}/send`, { method: "POST", headers: v.auth });
    expect(sent.status).toBe(202);
    expect(((await sent.json()) as ImportBody).status).toMatch(/sending|done/);
    await vi.waitFor(async () => {
      const now = (await (await api(`/api/bulk-invitations/${up.id}?rows=0`, { headers: v.auth })).json()) as ImportBody;
      expect(now).toMatchObject({ status: "done", counts: { sent: 2, queued: 0 }, rows: [] });
    }, { timeout: 10_000, interval: 100 });
    expect((await invitationsOf(v.appId)).map((i) => i.districtId).sort()).toEqual(ds.map((d) => d.id).sort());
  });

  it("answers 404 to another vendor on every route and changes nothing", async () => {
    const [v, w] = [await createVendor(), await createVendor()];
    const d = await createDistrict();
    const up = (await (await api("/api/bulk-invitations", { method: "POST", headers: v.auth, json: { csv: sheet([`${d.id},Pat,pat@d.test,,,`]) } })).json()) as ImportBody;
    for (const [method, path] of [["GET", ""], ["POST", "/send"], ["POST", "/cancel"]] as const) {
      const res = await api(`/api/bulk-invitations/${up.id}${path}`, { method, headers: w.auth });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(((await (await api(`/api/bulk-invitations/${up.id}`, { headers: v.auth })).json()) as ImportBody).status).toBe("checked");
    expect(await invitationsOf(v.appId)).toHaveLength(0);
  });
});
