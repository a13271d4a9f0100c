// Guards the hardening the pages share with the API: the page body limit holds
// for chunked bodies (counted while read, not trusted from Content-Length),
// the page CSP allows scripts from this site only (no per-response hashes of
// inline scripts, so an injected one cannot run), HSTS goes on https answers,
// and the session cookie is Secure on every host but this machine's.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { boundedBody, HSTS, PAGE_CSP } from "../../workers/accounts/hardening";
import { cookieIsSecure } from "../../workers/accounts/sessions";

/** A body sent in pieces, with no Content-Length (as Transfer-Encoding: chunked). */
function chunked(pieces: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= pieces) return controller.close();
      controller.enqueue(new TextEncoder().encode("a".repeat(size)));
    },
  });
}

const post = (body: ReadableStream<Uint8Array> | string) =>
  new Request("https://homeroom.test/signin", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });

describe("page body limit", () => {
  it("refuses a chunked body as soon as it passes the limit, with 413 and our headers", async () => {
    const req = post(chunked(50, 100));
    expect(req.headers.get("content-length")).toBeNull();
    const res = await boundedBody(req, 1000);
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(413);
    expect((res as Response).headers.get("content-security-policy")).toBe(PAGE_CSP);
  });

  it("hands a body within the limit on, whole, for the page to parse", async () => {
    const res = await boundedBody(post("email=a%40b.test&next=%2Fx"), 1000);
    expect(res).toBeInstanceOf(Request);
    const form = await (res as Request).formData();
    expect(form.get("email")).toBe("a@b.test");
    expect(form.get("next")).toBe("/x");
    expect(await boundedBody(new Request("https://homeroom.test/"), 10)).toBeInstanceOf(Request);
  });
});

describe("page CSP", () => {
  it("allows scripts from this site only: no hashes, no inline, no eval", () => {
    const scriptSrc = PAGE_CSP.split("; ").find((d) => d.startsWith("script-src "));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(PAGE_CSP).toContain("object-src 'none'");
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
  });
});

describe("transport security", () => {
  it("sends HSTS on https answers and not on plain http", async () => {
    const https = await SELF.fetch("https://homeroom.test/api/openapi.json");
    expect(https.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(HSTS).toBe("max-age=31536000; includeSubDomains");
    const http = await SELF.fetch("http://127.0.0.1/api/openapi.json");
    expect(http.headers.get("strict-transport-security")).toBeNull();
  });

  it("marks the session cookie Secure on every host but localhost, whatever the scheme", () => {
    expect(cookieIsSecure(new URL("http://homeroom.example/signin/verify"))).toBe(true);
    expect(cookieIsSecure(new URL("https://homeroom.example/"))).toBe(true);
    for (const local of ["http://localhost:8787/", "https://localhost/", "http://127.0.0.1:8788/", "https://127.0.0.1/", "http://[::1]/"]) {
      expect(cookieIsSecure(new URL(local)), local).toBe(false);
    }
  });
});
