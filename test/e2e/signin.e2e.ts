// Guards the whole sign-in journey in a real browser: the emailed link opens a
// page that only signs in on a button press, then lands on district search;
// signing out ends the session.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "./auth";
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
});
