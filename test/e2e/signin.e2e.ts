// Guards the whole sign-in journey in a real browser: the emailed link opens a
// page that only signs in on a button press, then lands on district search;
// signing out ends the session. Also: following the link from the /dev/mail
// page itself, a refreshed key form creating no second key, the sign-in rate
// limit's message on the page, security headers on pages (script-src 'self'
// only), and the page body limit on a chunked body.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, waitForMail } from "./auth";
import { BASE_URL, launch, newPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("sign-in through the dev mailbox", () => {
  it("signs in from the emailed link, lands on the search page, and signs out", async () => {
    const page = await newPage(browser);
    const cspErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    // A vendor page without a session sends the user to sign in.
    await page.goto("/districts");
    expect(new URL(page.url()).pathname).toBe("/signin");

    await signIn(page);
    expect(new URL(page.url()).pathname).toBe("/districts");
    await expect(page.getByText("demo@homeroom.test").first().isVisible()).resolves.toBe(true);
    const cookie = (await page.context().cookies(BASE_URL)).find((c) => c.name === "hr_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    // The search page's scripts run under our CSP.
    await page.getByRole("searchbox").first().fill("spring").catch(() => undefined);
    await page.waitForTimeout(500);
    expect(cspErrors).toEqual([]);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/signin");
    await page.goto("/districts");
    expect(new URL(page.url()).pathname).toBe("/signin");
  });

  it("a spent link shows no Sign in button, and ?next= brings the user back", async () => {
    const page = await newPage(browser);
    const link = await signIn(page, "other@homeroom.test", "/settings");
    expect(new URL(page.url()).pathname).toBe("/settings");
    const stranger = await newPage(browser);
    const res = await stranger.goto(link);
    expect(res?.status()).toBe(410);
    await expect(stranger.getByText("expired or was already used").isVisible()).resolves.toBe(true);
    expect(await stranger.getByRole("button", { name: "Sign in", exact: true }).count()).toBe(0);
  });

  it("creates an API key on Settings, shown once, and switches between the vendor's apps", async () => {
    const page = await newPage(browser);
    await signIn(page, "demo@homeroom.test", "/settings");
    await page.getByLabel("Key name").fill("E2E reporting");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.locator("code.new-key").textContent()) ?? "";
    expect(key).toMatch(/^hr_live_/);
    const res = await fetch(`${BASE_URL}/api/auth/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    await page.goto("/settings");
    expect(await page.locator("code.new-key").count()).toBe(0);
    await expect(page.getByRole("cell", { name: "E2E reporting" }).first().isVisible()).resolves.toBe(true);

    await page.getByLabel("App").selectOption({ label: "Brightpath Math" });
    await page.getByRole("button", { name: "Switch app" }).click();
    await page.waitForURL((url) => url.pathname === "/settings");
    await expect(page.getByRole("heading", { name: "API keys for Brightpath Math" }).isVisible()).resolves.toBe(true);
    // Keys belong to an app: the Reading key is not listed under Math.
    expect(await page.getByRole("cell", { name: "E2E reporting" }).count()).toBe(0);
  });

  it("signs in by clicking the link in the message on /dev/mail", async () => {
    const page = await newPage(browser);
    const since = Date.now() - 2_000;
    await page.goto("/signin?next=%2Fconnections");
    await page.getByLabel("Work email").fill("other@homeroom.test");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByText("Check your email").waitFor();
    const mail = await waitForMail((m) => m.template === "auth.signin" && m.to.includes("other@homeroom.test") && m.createdAt >= since);

    await page.goto("/dev/mail");
    const article = page.locator(`#mail-${mail.id}`);
    await expect(article.getByRole("heading", { name: "Links in this message" }).isVisible()).resolves.toBe(true);
    // The button inside the rendered email opens the page in the tab (our pages refuse frames).
    await article.frameLocator("iframe").getByRole("link", { name: "Sign in to Homeroom" }).click();
    await page.waitForURL((url) => url.pathname === "/signin/verify");
    await expect(page.getByText("You're signing in as other@homeroom.test").isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/connections");
    await expect(page.getByText("other@homeroom.test").first().isVisible()).resolves.toBe(true);
  });

  it("a refreshed key form creates no second key and says so", async () => {
    const page = await newPage(browser);
    await signIn(page, "other@homeroom.test", "/settings");
    const name = `Refresh check ${Date.now()}`;
    await page.getByLabel("Key name").fill(name);
    await page.getByRole("button", { name: "Create key" }).click();
    await page.locator("code.new-key").waitFor();
    expect(await page.getByRole("row").filter({ hasText: name }).count()).toBe(1);
    // Reloading the answer to a POST sends the same form again.
    await page.reload();
    await expect(page.getByText("This form was already sent, so no new key was made.").isVisible()).resolves.toBe(true);
    expect(await page.locator("code.new-key").count()).toBe(0);
    expect(await page.getByRole("row").filter({ hasText: name }).count()).toBe(1);
    // On a phone the keys table scrolls inside its box; the page itself never scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/settings");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it("tells the person on the page when sign-in requests are rate limited", async () => {
    const email = `limit-${Date.now()}@nowhere.test`;
    // The local server allows 200 requests per address in 15 minutes.
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${BASE_URL}/signin`, { method: "POST", headers: { origin: BASE_URL, "content-type": "application/x-www-form-urlencoded" }, body: `email=${encodeURIComponent(email)}` });
      expect(res.status).toBe(200);
    }
    const page = await newPage(browser);
    await page.goto("/signin");
    await page.getByLabel("Work email").fill(email);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Email me a sign-in link" }).click()]);
    expect(response.status()).toBe(429);
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/Too many sign-in requests for now\. Try again in \d+ minutes?\./);
    // The address stays in the field, and no "check your email" was claimed.
    expect(await page.getByLabel("Work email").inputValue()).toBe(email);
    expect(await page.getByText("Check your email").count()).toBe(0);
  });

  it("sends security headers on pages and on the API", async () => {
    for (const path of ["/signin", "/api/districts?q=x"]) {
      const res = await fetch(`${BASE_URL}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain("'unsafe-eval'");
      expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
    // Scripts from this site only: no inline script is allowed by hash or otherwise.
    const page = await fetch(`${BASE_URL}/signin`);
    const scriptSrc = (page.headers.get("content-security-policy") ?? "").split("; ").find((d) => d.startsWith("script-src"));
    expect(scriptSrc).toBe("script-src 'self'");
    // Plain http on this machine: no HSTS (https answers carry it).
    expect(page.headers.get("strict-transport-security")).toBeNull();
    const noKey = await fetch(`${BASE_URL}/api/districts?q=x`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ error: { code: "unauthorized" } });
    const demo = await fetch(`${BASE_URL}/api/districts?q=x`, { headers: { authorization: "Bearer hr_demo_local_key" } });
    expect(demo.status).toBe(200);
  });

  it("refuses a page body over 2 MB sent chunked (no Content-Length) with 413", async () => {
    const piece = new TextEncoder().encode(`email=${"a".repeat(64 * 1024)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 40) controller.close();
        else controller.enqueue(piece);
      },
    });
    const res = await fetch(`${BASE_URL}/signin`, {
      method: "POST", body, duplex: "half",
      headers: { origin: BASE_URL, "content-type": "application/x-www-form-urlencoded" },
    } as RequestInit);
    expect(res.status).toBe(413);
    // A small form still goes through.
    const ok = await fetch(`${BASE_URL}/signin`, { method: "POST", headers: { origin: BASE_URL, "content-type": "application/x-www-form-urlencoded" }, body: "email=nobody%40nowhere.test" });
    expect(ok.status).toBe(200);
  });
});
