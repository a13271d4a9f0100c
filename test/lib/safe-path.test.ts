// Guards redirects built from input (sign-in ?next=, the app switcher, the
// connection panel's back=): only paths on this site survive. Browsers drop
// tabs and newlines and read "\" as "/", so "/\t/x" or "/\x" would become
// "//x", another host; these must be refused, not passed through.
import { describe, expect, it } from "vitest";
import { safeNext } from "../../workers/accounts/signin";
import { safePath } from "../../workers/lib/safe-path";

const OFF_SITE = ["/\t/x", "/\n/x", "/\r/x", "/\t\\x", "/\\x", "/\\evil.com", "//x", "///x", "https://x", "http:/x", "javascript:alert(1)", "x", "", " /x", "/\u0000/x", "/\u00a0/x", "/\u2028/x", "/%0a/x/../\\x"];

describe("safePath", () => {
  it.each(OFF_SITE)("refuses %j", (raw) => {
    expect(safePath(raw)).toBeNull();
    expect(safeNext(raw)).toBeNull();
  });

  it("keeps a path with its query and fragment", () => {
    expect(safePath("/ok?a=1#h")).toBe("/ok?a=1#h");
    expect(safeNext("/ok?a=1#h")).toBe("/ok?a=1#h");
    expect(safeNext("/districts/invited?status=pending")).toBe("/districts/invited?status=pending");
  });

  it("answers what the parser read, so dot segments cannot climb to another host", () => {
    expect(safePath("/a/../b")).toBe("/b");
    expect(safePath("/%2F%2Fx")).toBe("/%2F%2Fx");
    expect(safePath(null)).toBeNull();
    expect(safePath(`/${"a".repeat(600)}`)).toBeNull();
  });

  it("never sends a signed-in user back to sign-in or sign-out", () => {
    expect(safeNext("/signin?next=/x")).toBeNull();
    expect(safeNext("/signout")).toBeNull();
  });
});
