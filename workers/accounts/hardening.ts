// Request hardening shared by the pages (src/middleware.ts) and the API
// (workers/api/security.ts): security headers, the cross-site check behind our
// CSRF defence, and the body size limit. The page CSP allows no inline script
// except the exact ones Astro emitted into that page, by hash.

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

export function pageCsp(scriptHashes: string[]): string {
  const scripts = ["'self'", ...scriptHashes.map((h) => `'sha256-${h}'`)].join(" ");
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
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
}

/** JSON responses load nothing; the docs page adds its inline stylesheet. */
export const API_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function applySecurityHeaders(headers: Headers, csp: string): void {
  for (const [k, v] of Object.entries(COMMON)) if (!headers.has(k)) headers.set(k, v);
  headers.set("content-security-policy", csp);
}

/** SHA-256 (base64) of every inline <script> body in an HTML page. */
export async function inlineScriptHashes(html: string): Promise<string[]> {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? "";
    const body = m[2] ?? "";
    if (/\bsrc\s*=/i.test(attrs) || /type\s*=\s*["']?application\/(ld\+)?json/i.test(attrs) || body.length === 0) continue;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
    let s = "";
    for (const b of new Uint8Array(digest)) s += String.fromCharCode(b);
    hashes.push(btoa(s));
  }
  return [...new Set(hashes)];
}

/** Declared size over the limit (a body without a length is checked by the reader). */
export function declaredTooLarge(request: Request, max = MAX_BODY_BYTES): boolean {
  const length = Number(request.headers.get("content-length") ?? "0");
  return Number.isFinite(length) && length > max;
}
