// /api/keys: the acting app's API keys: list, create (the key is in the answer
// once), revoke. Another vendor's or app's key id is a 404. Creating and
// revoking need a signed-in person (session): an API key cannot mint more keys
// (a leaked key would otherwise outlive its own revocation) nor revoke others.
import { createRoute, z } from "@hono/zod-openapi";
import { createApiKey, KEY_NAME_MAX, listApiKeys, revokeApiKey, type ApiKeySummary } from "../accounts/keys";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { createRouter, jsonContent, errorResponses, ErrorSchema, nowOf, requireActor } from "./router";

const json = jsonContent;
const KeySchema = z
  .object({ id: z.string(), name: z.string(), prefix: z.string().openapi({ example: "hr_live_Ab3x" }), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .openapi("ApiKey");
const CreatedKeySchema = KeySchema.extend({ key: z.string().openapi({ description: "The whole key. Shown only in this answer." }) }).openapi("CreatedApiKey");
const IdParam = z.object({ id: z.string().min(1).max(80).openapi({ param: { name: "id", in: "path" } }) });

/** After requireActor: only a signed-in user's session may create or revoke keys. */
const requireSignedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("actor").via !== "session") {
    throw new AppError("forbidden", "API keys are created and revoked by a signed-in user under Settings; an API key cannot create or revoke keys");
  }
  return next();
};
const forbiddenForKeys = { 403: json(ErrorSchema, "Sent with an API key: only a signed-in user manages keys") };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const view = (k: ApiKeySummary) => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: new Date(k.createdAt).toISOString(), lastUsedAt: iso(k.lastUsedAt) });

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["API keys"],
  summary: "This app's API keys that still work",
  middleware: [requireActor] as const,
  responses: { 200: json(z.object({ items: z.array(KeySchema) }), "Newest first"), ...errorResponses },
});

const createKeyRoute = createRoute({
  method: "post",
  path: "/",
  tags: ["API keys"],
  summary: "Create an API key for this app",
  description: "Signed-in users only (session cookie); a request with an API key is refused with 403.",
  middleware: [requireActor, requireSignedIn] as const,
  request: { body: { content: { "application/json": { schema: z.object({ name: z.string({ error: "Name the key, e.g. after the system that will use it" }).max(KEY_NAME_MAX, `Keep the name under ${KEY_NAME_MAX} characters`) }) } }, required: true } },
  responses: { 201: json(CreatedKeySchema, "The new key, shown once"), ...errorResponses, ...forbiddenForKeys },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["API keys"],
  summary: "Revoke a key; requests using it are refused at once",
  description: "Signed-in users only (session cookie); a request with an API key is refused with 403.",
  middleware: [requireActor, requireSignedIn] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Revoked" }, ...errorResponses, ...forbiddenForKeys },
});

export const keysRoutes = createRouter()
  .openapi(listRoute, async (c) => c.json({ items: (await listApiKeys(c.get("db"), c.get("actor"))).map(view) }, 200))
  .openapi(createKeyRoute, async (c) => {
    const created = await createApiKey(c.get("db"), c.get("actor"), c.req.valid("json"), nowOf(c));
    return c.json({ ...view(created), key: created.key }, 201);
  })
  .openapi(revokeRoute, async (c) => {
    await revokeApiKey(c.get("db"), c.get("actor"), c.req.valid("param").id, nowOf(c));
    return c.body(null, 204);
  });
