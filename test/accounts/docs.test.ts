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
});
