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
    // A vendor page without a session sends the user to sign in.
    await page.goto("/districts");
    expect(new URL(page.url()).pathname).toBe("/signin");

    await signIn(page);
    expect(new URL(page.url()).pathname).toBe("/districts");
    await expect(page.getByText("demo@homeroom.test").first().isVisible()).resolves.toBe(true);
    const cookie = (await page.context().cookies(BASE_URL)).find((c) => c.name === "hr_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });

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
});
