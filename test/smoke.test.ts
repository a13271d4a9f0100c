// Guards the skeleton: the API answers in workerd with its real D1 and our error shape.
import { describe, expect, it } from "vitest";
import { api, createVendor } from "./support/fixtures";

describe("api skeleton", () => {
  it("answers an unknown route with a JSON 404", async () => {
    const res = await api("/api/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("serves the OpenAPI document", async () => {
    const res = await api("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ openapi: "3.1.0" });
  });

  it("creates fixtures in the real D1", async () => {
    const v = await createVendor();
    expect(v.apiKey).toMatch(/^hr_test_/);
  });
});
