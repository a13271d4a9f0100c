// The Hono API: middleware, one route group per resource, the OpenAPI document
// and one error handler. Mounted under /api by the Worker entry.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { getDb } from "../db/client";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { securityMiddleware } from "./security";
import { createRouter, errorBody } from "./router";
import { authRoutes } from "./auth";
import { connectionsRoutes } from "./connections";
import { districtsRoutes } from "./districts";
import { registerDocs } from "./docs";
import { invitationsRoutes } from "./invitations";
import { keysRoutes } from "./keys";
import { portalRoutes } from "./portal";
import { requestsRoutes } from "./requests";
import { bulkRoutes } from "./bulk";
import { webhooksRoutes } from "./webhooks";

export function createApp() {
  const app = createRouter().basePath("/api");

  app.use("*", async (c, next) => {
    c.set("requestId", c.req.header("cf-ray") ?? crypto.randomUUID());
    c.set("db", getDb(c.env.DB));
    await next();
  });
  app.use("*", securityMiddleware);

  app.route("/auth", authRoutes);
  app.route("/keys", keysRoutes);
  // Portal first: /districts/:ncesId/apps is more specific than the districts group.
  app.route("/districts", portalRoutes);
  app.route("/districts", districtsRoutes);
  app.route("/invitations", invitationsRoutes);
  app.route("/connections", connectionsRoutes);
  app.route("/requests", requestsRoutes);
  app.route("/bulk-invitations", bulkRoutes);
  app.route("/webhooks", webhooksRoutes);
  registerDocs(app);

  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => handleError(err, c));
  return app;
}

export type ApiApp = ReturnType<typeof createApp>;

export function handleError(err: unknown, c: Context<AppEnv>) {
  const requestId = c.get("requestId");
  if (err instanceof AppError) {
    // A rate limit says when to come back, in the header HTTP defines for it.
    const wait = err.details?.retryAfterSeconds;
    if (err.code === "rate_limited" && typeof wait === "number") c.header("retry-after", String(wait));
    return c.json(
      errorBody(err.code, err.message, { fields: err.fields, requestId, details: err.details }),
      err.status as 400,
    );
  }
  // Hono's own 4xx (e.g. a JSON body that does not parse) is the client's mistake, not a 500.
  if (err instanceof HTTPException && err.status >= 400 && err.status < 500) {
    return c.json(errorBody("bad_request", err.message, { requestId, fields: { body: err.message } }), err.status as 400);
  }
  // A 500 says nothing of its cause to the client; the log has it.
  console.error(JSON.stringify({ requestId, path: c.req.path, error: String(err), stack: (err as Error)?.stack }));
  return c.json(errorBody("internal", "Something went wrong on our side", { requestId }), 500);
}
