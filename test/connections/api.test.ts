// Guards the HTTP surface: /api/connections (list, filter, one, reschedule,
// launch; scoped to the acting app) and /api/districts/:id/apps (who sees what).
import { describe, expect, it } from "vitest";
import { acceptInvitation } from "../../workers/connections/decide";
import { api, createDistrict, createVendor, db } from "../support/fixtures";
import { createInvitation, env } from "./support";

async function accepted(opts: { launchDate?: string | null; sharing?: { mode: "all" | "schools" | "sections"; schoolIds: string[]; sectionIds: string[] } } = {}) {
  const vendor = await createVendor();
  const district = await createDistrict({ state: "AZ", schools: 2, sectionsPerSchool: 2 });
  const inv = await createInvitation(vendor, district, { launchDate: opts.launchDate === undefined ? "2099-09-01" : opts.launchDate });
  const r = await acceptInvitation(db(), env, { token: inv.token, sharing: opts.sharing ?? null }, Date.now());
  return { vendor, district, inv, ...r };
}

describe("/api/connections", () => {
  it("lists, filters and shows the app's connections", async () => {
    const a = await accepted();
    const list = await api("/api/connections?status=scheduled", { headers: a.vendor.auth });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { connections: { id: string }[]; total: number };
    expect(body.connections.map((c) => c.id)).toEqual([a.connectionId]);
    expect(((await (await api("/api/connections?status=launched", { headers: a.vendor.auth })).json()) as { total: number }).total).toBe(0);
    const q = (await (await api(`/api/connections?q=${encodeURIComponent(a.district.name.slice(5, 12))}`, { headers: a.vendor.auth })).json()) as { total: number };
    expect(q.total).toBe(1);
    const one = await api(`/api/connections/${a.connectionId}`, { headers: a.vendor.auth });
    expect(await one.json()).toMatchObject({
      connection: { id: a.connectionId, districtId: a.district.id, launchDate: "2099-09-01", launchAt: Date.UTC(2099, 8, 1, 7), launchedAt: null, status: "scheduled", sharing: { mode: "all", schoolIds: [], sectionIds: [] } },
    });
  });

  it("answers 404 for another vendor's connection and 401 without credentials", async () => {
    const a = await accepted();
    const other = await createVendor();
    const res = await api(`/api/connections/${a.connectionId}`, { headers: other.auth });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    expect((await api(`/api/connections/${a.connectionId}/launch`, { method: "POST", headers: other.auth })).status).toBe(404);
    expect((await api("/api/connections")).status).toBe(401);
  });

  it("reschedules, validates the date, launches, then refuses with 409", async () => {
    const a = await accepted();
    const bad = await api(`/api/connections/${a.connectionId}/reschedule`, { method: "POST", headers: a.vendor.auth, json: { launchDate: "tomorrow" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "validation_failed", fields: { launchDate: expect.any(String) } } });
    const past = await api(`/api/connections/${a.connectionId}/reschedule`, { method: "POST", headers: a.vendor.auth, json: { launchDate: "2020-01-01" } });
    expect(past.status).toBe(400);
    const ok = await api(`/api/connections/${a.connectionId}/reschedule`, { method: "POST", headers: a.vendor.auth, json: { launchDate: "2099-10-01" } });
    expect(await ok.json()).toMatchObject({ connection: { launchDate: "2099-10-01", status: "scheduled" } });
    const launched = await api(`/api/connections/${a.connectionId}/launch`, { method: "POST", headers: a.vendor.auth });
    expect(launched.status).toBe(200);
    expect(await launched.json()).toMatchObject({ connection: { status: "launched", launchedAt: expect.any(Number) } });
    const again = await api(`/api/connections/${a.connectionId}/reschedule`, { method: "POST", headers: a.vendor.auth, json: { launchDate: "2099-11-01" } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "conflict", message: expect.stringContaining("fixed") } });
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await api("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    for (const p of ["/api/connections", "/api/connections/{id}", "/api/connections/{id}/reschedule", "/api/connections/{id}/launch", "/api/districts/{ncesId}/apps"]) {
      expect(doc.paths, p).toHaveProperty([p]);
    }
  });
});

describe("/api/districts/:id/apps", () => {
  const appsFor = async (districtId: string, query: string, headers: Record<string, string>) => {
    const res = await api(`/api/districts/${districtId}/apps?${query}`, { headers });
    return { status: res.status, body: (await res.json()) as { apps: { appId: string; launched: boolean }[]; error?: { fields?: Record<string, string> } } };
  };

  it("shows admins a connected app at once, teachers only after launch and only at shared schools", async () => {
    const vendor = await createVendor();
    const district = await createDistrict({ state: "AK", schools: 2 });
    const inv = await createInvitation(vendor, district, { launchDate: "2099-01-01" });
    const [s1, s2] = district.schoolIds as [string, string];
    const { connectionId } = await acceptInvitation(db(), env, { token: inv.token, sharing: { mode: "schools", schoolIds: [s1], sectionIds: [] } }, Date.now());
    expect((await appsFor(district.id, "role=admin", vendor.auth)).body.apps).toMatchObject([{ appId: vendor.appId, launched: false }]);
    expect((await appsFor(district.id, `role=teacher&school=${s1}`, vendor.auth)).body.apps).toEqual([]);
    await api(`/api/connections/${connectionId}/launch`, { method: "POST", headers: vendor.auth });
    expect((await appsFor(district.id, `role=teacher&school=${s1}`, vendor.auth)).body.apps.map((a) => a.appId)).toEqual([vendor.appId]);
    expect((await appsFor(district.id, `role=student&school=${s1}`, vendor.auth)).body.apps.map((a) => a.appId)).toEqual([vendor.appId]);
    expect((await appsFor(district.id, `role=teacher&school=${s2}`, vendor.auth)).body.apps).toEqual([]);
  });

  it("with section sharing, shows the app only in shared sections", async () => {
    const vendor = await createVendor();
    const district = await createDistrict({ schools: 1, sectionsPerSchool: 2 });
    const school = district.schoolIds[0]!;
    const [x, y] = district.sectionIds[school] as [string, string];
    const inv = await createInvitation(vendor, district, { launchDate: null });
    await acceptInvitation(db(), env, { token: inv.token, sharing: { mode: "sections", schoolIds: [], sectionIds: [x] } }, Date.now());
    expect((await appsFor(district.id, `role=student&school=${school}&section=${x}`, vendor.auth)).body.apps.map((a) => a.appId)).toEqual([vendor.appId]);
    expect((await appsFor(district.id, `role=student&school=${school}&section=${y}`, vendor.auth)).body.apps).toEqual([]);
  });

  it("asks teachers for a school of this district, and 404s an unknown district", async () => {
    const vendor = await createVendor();
    const district = await createDistrict();
    const other = await createDistrict();
    expect((await appsFor(district.id, "role=teacher", vendor.auth)).status).toBe(400);
    const foreign = await appsFor(district.id, `role=teacher&school=${other.schoolIds[0]}`, vendor.auth);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error?.fields).toHaveProperty("school");
    expect((await appsFor("0000001", "role=admin", vendor.auth)).status).toBe(404);
  });

  it("needs a vendor, and shows a vendor only its own apps", async () => {
    const mine = await createVendor();
    const theirs = await createVendor();
    const district = await createDistrict({ schools: 1 });
    const inv = await createInvitation(theirs, district, { launchDate: null });
    await acceptInvitation(db(), env, { token: inv.token, sharing: { mode: "all", schoolIds: [], sectionIds: [] } }, Date.now());
    expect((await api(`/api/districts/${district.id}/apps?role=admin`)).status).toBe(401);
    expect((await appsFor(district.id, "role=admin", theirs.auth)).body.apps.map((a) => a.appId)).toEqual([theirs.appId]);
    expect((await appsFor(district.id, "role=admin", mine.auth)).body.apps).toEqual([]);
  });
});
