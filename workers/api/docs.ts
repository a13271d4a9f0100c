// The OpenAPI 3.1 document, generated from the same zod schemas that validate
// requests, and a page that renders it.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Schema } from "hono";
import type { AppEnv } from "../env";

export function registerDocs(app: OpenAPIHono<AppEnv, Schema, "/api">) {
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Homeroom API", version: "1.0.0", description: "Find districts, invite them, track invitations and connections." },
    security: [{ apiKey: [] }],
  });
}
