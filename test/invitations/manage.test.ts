// Guards tracking invitations: the list (filters, counts, search, sort, paging,
// scoping to the app), one invitation's detail, resend (fresh link, old one
// dead, rate-limited) and revoke (pending only; its link stops working).
import { describe, expect, it } from "vitest";
import { invitationsCsv, listInvitations } from "../../workers/invitations/list";
import { checkToken } from "../../workers/lib/tokens";
import { api, createDistrict, createVendor, db, uniq } from "../support/fixtures";
import { connectBody, emailsOf, tokenIn } from "./helpers";

const post = (auth: Record<string, string>, json: unknown) => api("/api/invitations", { method: "POST", headers: auth, json });
async function invite(auth: Record<string, string>, d: Awaited<ReturnType<typeof createDistrict>>) {
  const res = await post(auth, connectBody(d));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

describe("GET /api/invitations", () => {
  it("lists this app's invitations with counts, filters by status, searches by district name and pages", async () => {
    const v = await createVendor();
    const tag = uniq();
    const ds = await Promise.all([0, 1, 2].map((i) => createDistrict({ name: `Maple ${tag} District ${i}` })));
    const ids = [];
    for (const d of ds) ids.push((await invite(v.auth, d)).id);
    await api(`/api/invitations/${ids[0]}/revoke`, { method: "POST", headers: v.auth });

    const all = (await (await api("/api/invitations", { headers: v.auth })).json()) as { items: { id: string; status: string }[]; total: number; counts: Record<string, number> };
    expect(all.total).toBe(3);
    expect(all.counts).toMatchObject({ all: 3, pending: 2, revoked: 1, approved: 0, rejected: 0, expired: 0 });

    const pending = (await (await api("/api/invitations?status=pending", { headers: v.auth })).json()) as { items: { id: string; status: string }[] };
    expect(pending.items.map((i) => i.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect(pending.items.every((i) => i.status === "pending")).toBe(true);

    const q = (await (await api(`/api/invitations?q=${encodeURIComponent(`${tag} District 2`)}`, { headers: v.auth })).json()) as { items: { id: string }[] };
    expect(q.items.map((i) => i.id)).toEqual([ids[2]]);

    const page2 = (await (await api("/api/invitations?sort=district&pageSize=2&page=2", { headers: v.auth })).json()) as { items: { district: { name: string } }[]; pages: number };
    expect(page2.pages).toBe(2);
    expect(page2.items.map((i) => i.district.name)).toEqual([`Maple ${tag} District 2`]);
  });

  it("refuses a bad status with 400 naming it", async () => {
    const v = await createVendor();
    const res = await api("/api/invitations?status=maybe", { headers: v.auth });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: object } }).error.fields).toHaveProperty("status");
  });

  it("never shows another vendor's invitations: list is empty and GET one is 404", async () => {
    const v = await createVendor();
    const w = await createVendor();
    const inv = await invite(v.auth, await createDistrict());
    const theirs = (await (await api("/api/invitations", { headers: w.auth })).json()) as { total: number };
    expect(theirs.total).toBe(0);
    expect((await api(`/api/invitations/${inv.id}`, { headers: w.auth })).status).toBe(404);
    expect((await api(`/api/invitations/${inv.id}/revoke`, { method: "POST", headers: w.auth })).status).toBe(404);
    expect((await api(`/api/invitations/${inv.id}/resend`, { method: "POST", headers: w.auth })).status).toBe(404);
  });

  it("exports the view as CSV, quoting commas and defusing formulas", async () => {
    const v = await createVendor();
    const d = await createDistrict({ name: `=SUM(A1), ${uniq()} Unified` });
    await invite(v.auth, d);
    const csv = invitationsCsv((await listInvitations(db(), v.appId, {}, { all: true })).items);
    const [header, row] = csv.trim().split("\r\n");
    expect(header).toBe("District,State,NCES ID,Kind,Status,Contact,Contact emails,Sent,Launch date,Decided");
    expect(row).toContain(`"'=SUM(A1), `);
    expect(row).toContain(",pending,");
  });
});

describe("GET /api/invitations/:id", () => {
  it("returns details, timeline and every email with its status", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const inv = await invite(v.auth, d);
    const res = await api(`/api/invitations/${inv.id}`, { headers: v.auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; districtId: string; kind: string; status: string; events: { type: string }[]; emails: { status: string; to: string[] }[]; schools: unknown[]; connectionId: null };
    expect(body).toMatchObject({ id: inv.id, districtId: d.id, kind: "connect", status: "pending", connectionId: null });
    expect(body.schools).toHaveLength(d.schoolIds.length);
    expect(body.events.map((e) => e.type)).toEqual(expect.arrayContaining(["created", "emailed"]));
    expect(body.emails).toHaveLength(1);
    expect(["queued", "sending", "sent"]).toContain(body.emails[0]!.status);
  });
});

describe("resend and revoke", () => {
  it("resend emails a fresh link, kills the old one, and is limited to 3 an hour", async () => {
    const v = await createVendor();
    const inv = await invite(v.auth, await createDistrict());
    const [first] = await emailsOf(inv.id);
    const oldToken = tokenIn(first!.text, "/connect/");
    const res = await api(`/api/invitations/${inv.id}/resend`, { method: "POST", headers: v.auth });
    expect(res.status).toBe(200);
    const mail = (await emailsOf(inv.id)).sort((a, b) => a.createdAt - b.createdAt);
    expect(mail).toHaveLength(2);
    const fresh = mail.find((m) => m.id !== first!.id)!;
    expect(fresh.subject).toMatch(/^Reminder: /);
    expect(await checkToken(db(), oldToken, "review", Date.now())).toMatchObject({ ok: false, reason: "revoked" });
    expect((await checkToken(db(), tokenIn(fresh.text, "/connect/"), "review", Date.now())).ok).toBe(true);
    expect(((await res.json()) as { events: { type: string }[] }).events.map((e) => e.type)).toContain("resent");

    expect((await api(`/api/invitations/${inv.id}/resend`, { method: "POST", headers: v.auth })).status).toBe(200);
    expect((await api(`/api/invitations/${inv.id}/resend`, { method: "POST", headers: v.auth })).status).toBe(200);
    const limited = await api(`/api/invitations/${inv.id}/resend`, { method: "POST", headers: v.auth });
    expect(limited.status).toBe(429);
    expect(await emailsOf(inv.id)).toHaveLength(4);
  });

  it("revoke ends a pending invitation and its review link; a revoked one cannot be resent or revoked again", async () => {
    const v = await createVendor();
    const inv = await invite(v.auth, await createDistrict());
    const token = tokenIn((await emailsOf(inv.id))[0]!.text, "/connect/");
    const res = await api(`/api/invitations/${inv.id}/revoke`, { method: "POST", headers: v.auth, json: { reason: "Wrong district" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; events: { type: string; detail: string }[] };
    expect(body.status).toBe("revoked");
    expect(body.events.find((e) => e.type === "revoked")?.detail).toBe("Wrong district");
    expect(await checkToken(db(), token, "review", Date.now())).toMatchObject({ ok: false, reason: "revoked" });
    expect((await api(`/api/invitations/${inv.id}/resend`, { method: "POST", headers: v.auth })).status).toBe(409);
    expect((await api(`/api/invitations/${inv.id}/revoke`, { method: "POST", headers: v.auth })).status).toBe(409);
  });
});

describe("OpenAPI", () => {
  it("documents every invitation operation", async () => {
    const doc = (await (await api("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/api/invitations"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(doc.paths["/api/invitations/{id}"]).toHaveProperty("get");
    expect(doc.paths["/api/invitations/{id}/resend"]).toHaveProperty("post");
    expect(doc.paths["/api/invitations/{id}/revoke"]).toHaveProperty("post");
  });
});
