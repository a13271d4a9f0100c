// The OpenAPI 3.1 document, generated from the same zod schemas that validate
// requests, and /api/docs, a page that renders it (workers/api/docs-page.ts).
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Schema } from "hono";
import type { AppEnv } from "../env";
import { renderDocsPage } from "./docs-page";

const DOC_CONFIG = {
  openapi: "3.1.0",
  info: { title: "Homeroom API", version: "1.0.0", description: "Find districts, invite them, track invitations and connections." },
  security: [{ apiKey: [] }],
};

export function registerDocs(app: OpenAPIHono<AppEnv, Schema, "/api">) {
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", DOC_CONFIG);
  let page: string | null = null;
  app.get("/docs", (c) => {
    // The document is fixed once the Worker has loaded: render it once.
    page ??= renderDocsPage(app.getOpenAPI31Document(DOC_CONFIG) as unknown as Parameters<typeof renderDocsPage>[0]);
    return c.html(page);
  });
}
