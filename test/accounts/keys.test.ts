// Guards API keys: created once (the whole key appears only in that answer),
// stored as a hash, listed by prefix, scoped to one app, revoked at once; the
// settings form's nonce makes a refreshed or doubled POST create no second key;
// only a signed-in user creates or revokes keys (an API key cannot mint keys).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApiKeyOnce } from "../../workers/accounts/keys";
import { apiKeys } from "../../workers/db/schema";
import { sha256Hex } from "../../workers/lib/crypto";
import { addApp, api, createVendor, db } from "../support/fixtures";
import { cookieHeaders } from "./helpers";

describe("API keys", () => {
  it("creates a key shown once, stores only its hash, and the key works", async () => {
    const v = await createVendor();
    const res = await api("/api/keys", { method: "POST", headers: cookieHeaders(v.sessionToken), json: { name: "SIS sync" } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; key: string; prefix: string };
    expect(created.key).toMatch(/^hr_live_[\w-]{32}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const row = await db().select().from(apiKeys).where(eq(apiKeys.id, created.id)).get();
    expect(row).toMatchObject({ keyHash: await sha256Hex(created.key), appId: v.appId, vendorId: v.vendorId, name: "SIS sync" });
    expect(JSON.stringify(row)).not.toContain(created.key);

    const me = await api("/api/auth/me", { headers: { authorization: `Bearer ${created.key}` } });
    expect(await me.json()).toMatchObject({ via: "api_key", appId: v.appId });
    const list = JSON.stringify(await (await api("/api/keys", { headers: v.auth })).json());
    expect(list).toContain(created.prefix);
    expect(list).not.toContain(created.key);
    // Using a key records when.
    expect((await db().select().from(apiKeys).where(eq(apiKeys.id, created.id)).get())!.lastUsedAt).not.toBeNull();
  });

  it("revokes a key at once and drops it from the list", async () => {
    const v = await createVendor();
    const session = cookieHeaders(v.sessionToken);
    const created = (await (await api("/api/keys", { method: "POST", headers: session, json: { name: "temporary" } })).json()) as { id: string; key: string };
    expect((await api(`/api/keys/${created.id}`, { method: "DELETE", headers: session })).status).toBe(204);
    expect((await api("/api/auth/me", { headers: { authorization: `Bearer ${created.key}` } })).status).toBe(401);
    expect(JSON.stringify(await (await api("/api/keys", { headers: v.auth })).json())).not.toContain(created.id);
    expect((await api(`/api/keys/${created.id}`, { method: "DELETE", headers: session })).status).toBe(404);
  });

  it("names the field when the name is missing", async () => {
    const v = await createVendor();
    const res = await api("/api/keys", { method: "POST", headers: cookieHeaders(v.sessionToken), json: { name: "  " } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "validation_failed", fields: { name: expect.any(String) } } });
    // Left out entirely, the field is named in words a person can act on.
    const missing = await api("/api/keys", { method: "POST", headers: cookieHeaders(v.sessionToken), json: {} });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { fields: { name: "Name the key, e.g. after the system that will use it" } } });
  });

  it("creates one key per form nonce: a re-sent form makes nothing and names the first key", async () => {
    const v = await createVendor();
    const owner = { vendorId: v.vendorId, appId: v.appId, userId: v.userId };
    const first = await createApiKeyOnce(db(), owner, { name: "Nightly export", nonce: "nonce-abc" }, Date.now());
    expect("created" in first && first.created.key).toMatch(/^hr_live_/);
    const again = await createApiKeyOnce(db(), owner, { name: "Nightly export", nonce: "nonce-abc" }, Date.now());
    expect(again).toEqual({ replayed: { name: "Nightly export" } });
    // A double-click: two POSTs with one nonce at the same moment still make one key.
    const [a, b] = await Promise.all([
      createApiKeyOnce(db(), owner, { name: "Twin", nonce: "nonce-twin" }, Date.now()),
      createApiKeyOnce(db(), owner, { name: "Twin", nonce: "nonce-twin" }, Date.now()),
    ]);
    expect([a, b].filter((r) => "created" in r)).toHaveLength(1);
    const names = (await db().select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.appId, v.appId))).map((k) => k.name).sort();
    expect(names).toEqual(["Nightly export", "Twin", "test"]); // "test" is the fixture's own key
    // A new nonce creates a new key.
    expect("created" in (await createApiKeyOnce(db(), owner, { name: "Nightly export", nonce: "nonce-def" }, Date.now()))).toBe(true);
  });

  it("scopes the form nonce to the app: the same nonce in another of the user's apps makes that app its key", async () => {
    const v = await createVendor();
    const other = await addApp(v.vendorId);
    const inA = { vendorId: v.vendorId, appId: v.appId, userId: v.userId };
    const inB = { ...inA, appId: other };
    expect("created" in (await createApiKeyOnce(db(), inA, { name: "Export", nonce: "shared-nonce" }, Date.now()))).toBe(true);
    const b = await createApiKeyOnce(db(), inB, { name: "Export", nonce: "shared-nonce" }, Date.now());
    expect("created" in b && b.created.key).toMatch(/^hr_live_/);
    expect((await db().select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.appId, other))).map((k) => k.name)).toEqual(["Export"]);
  });

  it("refuses an API key that tries to create or revoke keys (403), and changes nothing", async () => {
    const v = await createVendor();
    const keysNow = () => db().select({ id: apiKeys.id, name: apiKeys.name, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.appId, v.appId));
    const before = await keysNow();
    const minted = await api("/api/keys", { method: "POST", headers: v.auth, json: { name: "minted by a key" } });
    expect(minted.status).toBe(403);
    expect(await minted.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("signed-in user") } });
    const revoked = await api(`/api/keys/${before[0]!.id}`, { method: "DELETE", headers: v.auth });
    expect(revoked.status).toBe(403);
    expect(await keysNow()).toEqual(before);
    // Listing with a key still works, and says so in the OpenAPI document.
    expect((await api("/api/keys", { headers: v.auth })).status).toBe(200);
    const doc = (await (await api("/api/openapi.json")).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths["/api/keys"]!.post!.responses)).toContain("403");
    expect(Object.keys(doc.paths["/api/keys/{id}"]!.delete!.responses)).toContain("403");
  });
});
