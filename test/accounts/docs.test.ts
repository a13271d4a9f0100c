// Guards the API's description: the OpenAPI 3.1 document names the account,
// key and webhook routes, and /api/docs renders it as a page with no script.
import { describe, expect, it } from "vitest";
import { api } from "../support/fixtures";

describe("API docs", () => {
  it("describes the account, key and webhook routes", async () => {
    const doc = (await (await api("/api/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/auth/signin-link", "/api/auth/session", "/api/auth/me", "/api/keys", "/api/keys/{id}", "/api/webhooks/resend"]));
  });

  it("lists every route group of the API: districts, portal, invitations, connections, keys, auth, webhooks", async () => {
    const doc = (await (await api("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.entries(doc.paths).flatMap(([p, o]) => Object.keys(o).map((m) => `${m.toUpperCase()} ${p}`));
    expect(ops).toEqual(expect.arrayContaining([
      "GET /api/districts", "GET /api/districts/{ncesId}", "GET /api/districts/{ncesId}/apps",
      "GET /api/invitations", "POST /api/invitations", "GET /api/invitations/{id}",
      "GET /api/connections", "GET /api/connections/{id}",
      "GET /api/keys", "POST /api/keys", "DELETE /api/keys/{id}",
      "POST /api/auth/signin-link", "GET /api/auth/me",
      "POST /api/webhooks/resend",
    ]));
    // Each operation is documented with a summary and its answers.
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods as Record<string, { summary?: string; responses?: object }>)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
  });

  it("renders /api/docs as HTML without scripts, listing operations", async () => {
    const res = await api("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("Homeroom API");
    expect(html).toContain("/api/keys/{id}");
    expect(html).toContain("hr_demo_local_key");
    expect(html).not.toContain("<script");
  });

  it("shows fields as readable tables and groups every route under a named section", async () => {
    const html = await (await api("/api/docs")).text();
    // The sign-in request body as a row: field, type, required, limits.
    expect(html).toMatch(/<tr><td><code>email<\/code><\/td><td>string<\/td><td>yes<\/td><td>[^<]*maxLength <code>254<\/code>/);
    // Nested fields get dotted names; the raw schema is still one click away.
    expect(html).toContain("<summary>JSON Schema</summary>");
    expect(html).toContain('id="tag-Districts"');
    expect(html).not.toContain('id="tag-Other"');
  });
});
