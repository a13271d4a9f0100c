// Shared pieces for every route group: the router factory (zod validation
// errors become our error shape, naming each field), the error responses that
// the OpenAPI document reuses, and the auth guard.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { actorFromApiKey, actorOf, sessionTokenFrom, sessionUser } from "../accounts/actor";
import type { AppEnv } from "../env";
import { AppError, type ErrorCode, type FieldErrors } from "../lib/errors";

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const fields: FieldErrors = {};
      for (const issue of result.error.issues) {
        const path = issue.path.join(".") || "body";
        fields[path] ??= issue.message;
      }
      const names = Object.keys(fields);
      return c.json(
        { error: { code: "validation_failed" as const, message: `Invalid ${names.join(", ")}`, fields } },
        400,
      );
    },
  });
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      requestId: z.string().optional(),
    }),
  })
  .openapi("Error");

const errorResponse = (description: string) => ({ content: { "application/json": { schema: ErrorSchema } }, description });

export const errorResponses = {
  400: errorResponse("A parameter or field is invalid; `fields` names each one"),
  401: errorResponse("No valid session or API key"),
  404: errorResponse("Not found, or not this vendor's"),
} as const;

/** A JSON response entry for createRoute's `responses`. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });

export const conflictResponse = { 409: errorResponse("Conflicts with an existing record") } as const;

export function errorBody(code: ErrorCode, message: string, extra: { fields?: FieldErrors; requestId?: string; details?: Record<string, unknown> } = {}) {
  return { error: { code, message, ...extra } };
}

/** The current time for a request; domain functions take it as an argument. */
export const nowOf = (_c: Context<AppEnv>) => Date.now();

/**
 * Vendor routes: a Bearer API key or a session cookie. API-key requests are
 * exempt from the CSRF origin check (no ambient credentials); see workers/api/app.ts.
 */
export const requireActor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const db = c.get("db");
  const now = nowOf(c);
  const auth = c.req.header("authorization");
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    const actor = match?.[1] ? await actorFromApiKey(db, match[1], now) : null;
    if (!actor) throw new AppError("unauthorized", "The API key is missing, malformed or revoked");
    c.set("actor", actor);
    return next();
  }
  const token = sessionTokenFrom(c.req.header("cookie"));
  const user = token ? await sessionUser(db, token, now) : null;
  const actor = user ? actorOf(user) : null;
  if (!actor) throw new AppError("unauthorized", "Sign in or send an API key as `Authorization: Bearer <key>`");
  c.set("actor", actor);
  return next();
};
