// Request hardening shared by the pages (src/middleware.ts, and the Worker
// entry for the page body limit) and the API (workers/api/security.ts):
// security headers, the cross-site check behind our CSRF defence, and the body
// size limit.
// Page CSP: script-src 'self' and nothing else. Astro's bundled scripts are
// external files (astro.config.mjs never inlines a script), so no inline
// script needs allowing; one injected into a page does not run. There is no
// per-response hashing of whatever <script> a page happens to contain.
// HSTS on every https answer; plain http (local development) gets none.

export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const isStateChanging = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

/**
 * A browser request from another site: Sec-Fetch-Site says so, or the Origin
 * differs from ours. Requests without either (curl, servers, webhooks) are not
 * browser-driven and carry no ambient cookie from another site.
 */
export function isCrossSite(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  return origin !== new URL(request.url).origin;
}

const COMMON: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "cross-origin-opener-policy": "same-origin",
};

export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** JSON responses load nothing; the docs page adds its inline stylesheet. */
export const API_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const HSTS = "max-age=31536000; includeSubDomains";

export function applySecurityHeaders(headers: Headers, csp: string, url: URL): void {
  for (const [k, v] of Object.entries(COMMON)) if (!headers.has(k)) headers.set(k, v);
  headers.set("content-security-policy", csp);
  if (url.protocol === "https:") headers.set("strict-transport-security", HSTS);
}

/** Declared size over the limit (a body without a length is checked by the reader). */
export function declaredTooLarge(request: Request, max = MAX_BODY_BYTES): boolean {
  const length = Number(request.headers.get("content-length") ?? "0");
  return Number.isFinite(length) && length > max;
}

/**
 * The page body limit for every body, chunked ones included: a declared length
 * over the limit is refused at once; otherwise the stream is counted while it is
 * read, refused (413) as soon as it passes the limit, and handed on as a new
 * request with the bytes read. Runs before Astro parses anything.
 */
export async function boundedBody(request: Request, max = MAX_BODY_BYTES): Promise<Request | Response> {
  if (!request.body) return request;
  const tooLarge = () => {
    const res = new Response("The request body is too large.", { status: 413, headers: { "content-type": "text/plain; charset=utf-8" } });
    applySecurityHeaders(res.headers, PAGE_CSP, new URL(request.url));
    return res;
  };
  if (declaredTooLarge(request, max)) return tooLarge();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return new Request(request, { body });
}
