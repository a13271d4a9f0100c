// Redirect targets that come from input (?next= after sign-in, the app
// switcher's next, a form's back=) must stay on this site. A prefix check is
// not enough: browsers drop tabs and newlines from URLs and read "\" as "/",
// so "/\t/evil.com" or "/\evil.com" becomes "//evil.com", another host. Here
// the URL parser decides, anything a browser might rewrite is refused outright,
// and the answer is the path the parser produced, never the raw input.

/** Control characters, any whitespace (incl. Unicode spaces) and backslashes. */
const REWRITTEN_BY_BROWSERS = /[\s\p{Cc}\p{Cf}\\]/u;
const BASE = "https://x.invalid";
export const SAFE_PATH_MAX = 500;

/** "/x?a=1#h" for a path on this site; null for anything else. */
export function safePath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > SAFE_PATH_MAX || !raw.startsWith("/") || REWRITTEN_BY_BROWSERS.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !path.startsWith("//") ? path : null;
}
