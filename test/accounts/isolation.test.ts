// Guards vendor isolation: a second vendor using every vendor API route that
// takes an id, with the first vendor's real ids, gets 404 each time (by API
// key and by session), sees none of it in lists, and changes nothing. The
// route list is checked against the OpenAPI document so a new route with an
// id cannot slip past this test.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { acceptInvitation } from "../../workers/connections/decide";
import { apiKeys, connections, invitations } from "../../workers/db/schema";
import { createInvitation, env } from "../connections/support";
import { connectBody } from "../invitations/helpers";
import { api, createDistrict, createVendor, db } from "../support/fixtures";
import { cookieHeaders } from "./helpers";
import { pendingRequest } from "../requests/support";

const DAY = 86_400_000;
const futureDate = new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10);

async function firstVendorWorld() {
  const a = await createVendor();
  const district = await createDistrict({ onHomeroom: true });
  const created = await api("/api/invitations", { method: "POST", headers: a.auth, json: connectBody(district) });
  expect(created.status).toBe(201);
  const invitationId = ((await created.json()) as { id: string }).id;
  const other = await createDistrict({ onHomeroom: true });
  const inv = await createInvitation(a, other, { launchDate: futureDate });
  const { connectionId } = await acceptInvitation(db(), env, { token: inv.token }, Date.now());
  const keyId = (await db().select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.appId, a.appId)).get())!.id;
  const bulk = await api("/api/bulk-invitations", { method: "POST", headers: a.auth, json: { csv: `nces_id,contact_name,contact_email\n${(await createDistrict()).id},Pat,pat@bulk.test\n` } });
  const bulkId = ((await bulk.json()) as { id: string }).id;
  const { requestId } = await pendingRequest(a, await createDistrict({ onHomeroom: true }));
  return { a, invitationId, connectionId, keyId, bulkId, requestId };
}

/** Every vendor route that names a record, with the first vendor's ids. */
function routes(w: Awaited<ReturnType<typeof firstVendorWorld>>) {
  return [
    { method: "GET", template: "/api/invitations/{id}", path: `/api/invitations/${w.invitationId}` },
    { method: "POST", template: "/api/invitations/{id}/resend", path: `/api/invitations/${w.invitationId}/resend` },
    { method: "POST", template: "/api/invitations/{id}/revoke", path: `/api/invitations/${w.invitationId}/revoke`, json: { reason: "not mine" } },
    { method: "GET", template: "/api/connections/{id}", path: `/api/connections/${w.connectionId}` },
    { method: "POST", template: "/api/connections/{id}/reschedule", path: `/api/connections/${w.connectionId}/reschedule`, json: { launchDate: futureDate } },
    { method: "POST", template: "/api/connections/{id}/launch", path: `/api/connections/${w.connectionId}/launch` },
    { method: "POST", template: "/api/connections/{id}/manage-link", path: `/api/connections/${w.connectionId}/manage-link` },
    { method: "GET", template: "/api/requests/{id}", path: `/api/requests/${w.requestId}` },
    { method: "POST", template: "/api/requests/{id}/approve", path: `/api/requests/${w.requestId}/approve`, json: {} },
    { method: "POST", template: "/api/requests/{id}/reject", path: `/api/requests/${w.requestId}/reject`, json: { reason: "not mine" } },
    // Keys are managed by signed-in users only: an API key gets 403 before any lookup.
    { method: "DELETE", template: "/api/keys/{id}", path: `/api/keys/${w.keyId}`, keyStatus: 403 },
    { method: "GET", template: "/api/bulk-invitations/{id}", path: `/api/bulk-invitations/${w.bulkId}` },
    { method: "POST", template: "/api/bulk-invitations/{id}/send", path: `/api/bulk-invitations/${w.bulkId}/send` },
    { method: "POST", template: "/api/bulk-invitations/{id}/cancel", path: `/api/bulk-invitations/${w.bulkId}/cancel` },
  ];
}

describe("one vendor sealed from another", () => {
  it("covers every vendor route with an {id} in the OpenAPI document", async () => {
    const doc = (await (await api("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const inDoc = Object.entries(doc.paths)
      .filter(([p]) => p.includes("{id}"))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const fake = routes({ a: null as never, invitationId: "x", connectionId: "x", keyId: "x", bulkId: "x", requestId: "x" });
    expect(fake.map((r) => `${r.method} ${r.template}`).sort()).toEqual(inDoc);
  });

  it("answers 404 to every route with another vendor's ids, by key and by session, and changes nothing", async () => {
    const w = await firstVendorWorld();
    const b = await createVendor();
    const before = {
      invitation: await db().select().from(invitations).where(eq(invitations.id, w.invitationId)).get(),
      connection: await db().select().from(connections).where(eq(connections.id, w.connectionId)).get(),
    };
    for (const r of routes(w)) {
      // The owner reaches each record (so a 404 below is about ownership, not a wrong path).
      if (r.method === "GET") expect((await api(r.path, { headers: w.a.auth })).status, r.path).toBe(200);
      for (const headers of [b.auth, cookieHeaders(b.sessionToken)]) {
        const res = await api(r.path, { method: r.method, headers, json: r.json });
        const status = headers === b.auth && "keyStatus" in r ? r.keyStatus : 404;
        expect(res.status, `${r.method} ${r.path}`).toBe(status);
        expect(await res.json()).toMatchObject({ error: { code: status === 404 ? "not_found" : "forbidden" } });
      }
    }
    expect(await db().select().from(invitations).where(eq(invitations.id, w.invitationId)).get()).toEqual(before.invitation);
    expect(await db().select().from(connections).where(eq(connections.id, w.connectionId)).get()).toEqual(before.connection);
    // The first vendor's key still works.
    expect((await api("/api/auth/me", { headers: w.a.auth })).status).toBe(200);

    // Lists show none of the first vendor's records.
    const lists = await Promise.all(["/api/invitations", "/api/connections", "/api/keys"].map(async (p) => JSON.stringify(await (await api(p, { headers: b.auth })).json())));
    for (const body of lists) {
      expect(body).not.toContain(w.invitationId);
      expect(body).not.toContain(w.connectionId);
      expect(body).not.toContain(w.keyId);
    }
  });

  it("answers 401 without credentials and with a revoked key", async () => {
    const a = await createVendor();
    for (const p of ["/api/districts?q=x", "/api/invitations", "/api/connections", "/api/keys", "/api/auth/me"]) {
      const res = await api(p);
      expect(res.status, p).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect((await api("/api/districts?q=x", { headers: a.auth })).status).toBe(200);
    await db().update(apiKeys).set({ revokedAt: Date.now() }).where(eq(apiKeys.appId, a.appId));
    expect((await api("/api/districts?q=x", { headers: a.auth })).status).toBe(401);
  });
});
