// Request hardening for the API (placeholder: the accounts work adds CSRF origin
// checks, security headers and body limits here).
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

export const securityMiddleware: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await next();
};
