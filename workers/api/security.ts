// API hardening, before every route: security headers on every answer, a
// body size limit (413 in our error shape), and CSRF: a state-changing request
// that relies on the session cookie is refused when a browser says it comes
// from another site. Bearer-key requests carry no ambient credentials and are exempt.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { API_CSP, applySecurityHeaders, isCrossSite, isStateChanging, MAX_BODY_BYTES } from "../accounts/hardening";
import type { AppEnv } from "../env";
import { errorBody } from "./router";

const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => c.json(errorBody("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`), 413),
});

export const securityMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const bearer = /^Bearer\s/i.test(c.req.header("authorization") ?? "");
  if (isStateChanging(c.req.method) && !bearer && isCrossSite(c.req.raw)) {
    const refused = c.json(errorBody("forbidden", "Cross-site requests cannot change anything here"), 403);
    applySecurityHeaders(refused.headers, API_CSP, new URL(c.req.url));
    return refused;
  }
  // bodyLimit answers by returning its 413 rather than setting it on the context.
  const limited = await limitBody(c, next);
  if (limited instanceof Response) c.res = limited;
  applySecurityHeaders(c.res.headers, API_CSP, new URL(c.req.url));
};
