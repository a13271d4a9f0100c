// Guards the first journey in a real browser against the seeded site: type
// "albertville", see Albertville City (AL) appear as you type with the URL
// following, open it, see its schools; Back returns to the search; the form
// works without JavaScript; Next/Previous page by cursor and keep the rows
// readable on a phone-sized screen; an unknown district id is a real 404.
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

describe("district search", () => {
  it("finds Albertville City as you type, opens it and lists its schools", async () => {
    const page = await newPage(browser);
    await signIn(page, "demo@homeroom.test", "/districts");
    await page.goto("/districts");
    await expect(page.getByText(/7-digit NCES ID/).isVisible()).resolves.toBe(true);

    await page.getByLabel("District name or NCES ID").pressSequentially("albertville", { delay: 40 });
    const link = page.getByRole("link", { name: "Albertville City" });
    await link.waitFor();
    const row = page.getByRole("row").filter({ has: link });
    await expect(row.getByRole("cell").nth(1).textContent()).resolves.toBe("AL");
    await expect(row.getByText("On Homeroom").isVisible()).resolves.toBe(true);
    await page.waitForURL((url) => url.searchParams.get("q") === "albertville");
    await expect(page.locator("#result-status").textContent()).resolves.toMatch(/district/);

    await link.click();
    await page.waitForURL("**/districts/0100005");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Albertville City");
    await page.getByRole("heading", { name: /Schools \(\d+\)/ }).waitFor();
    await expect(page.getByRole("cell", { name: "Albertville High School" }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("Up to date").first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "Invite to connect" }).getAttribute("href")).resolves.toBe("/districts/0100005/invite");

    await page.goBack();
    await page.getByRole("link", { name: "Albertville City" }).waitFor();
    await expect(page.getByLabel("District name or NCES ID").inputValue()).resolves.toBe("albertville");
  });

  it("works as a plain form without JavaScript, with a state filter", async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, "demo@homeroom.test", "/districts");
    await page.goto("/districts");
    await page.getByLabel("District name or NCES ID").fill("springfield");
    await page.getByLabel("State").selectOption("IL");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("state") === "IL");
    const states = await page.locator("#results tbody tr td:nth-child(2)").allTextContents();
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(["IL"]));
    await context.close();
  });

  it("pages with Next and Previous, and fits a narrow screen", async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, "demo@homeroom.test", "/districts");
    await page.goto("/districts?q=school");
    const names = () => page.locator("#results tbody td.name").allTextContents();
    const first = await names();
    expect(first).toHaveLength(20);
    for (const n of [2, 3]) {
      await page.getByRole("link", { name: "Next" }).click();
      await page.waitForURL((url) => url.searchParams.get("page") === String(n) && /^\d\.\d+$/.test(url.searchParams.get("after") ?? ""));
      await page.getByText(`showing ${(n - 1) * 20 + 1}–${n * 20}`).waitFor();
    }
    const third = await names();
    await page.getByRole("link", { name: "Previous" }).click();
    await page.waitForURL((url) => url.searchParams.get("page") === "2" && url.searchParams.has("before"));
    await page.getByText("showing 21–40").waitFor();
    await page.getByRole("link", { name: "Next" }).click();
    await page.getByText("showing 41–60").waitFor();
    expect(await names()).toEqual(third);
    expect(third.filter((n) => first.includes(n))).toEqual([]);
    // Each row is a card as wide as the screen, with labelled facts, not a table wider than the phone.
    const box = await page.locator("#results table").boundingBox();
    expect(box?.width ?? 1000).toBeLessThanOrEqual(390);
    const lastCell = await page.locator("#results tbody tr").first().locator("td").last().boundingBox();
    expect((lastCell?.x ?? 1000) + (lastCell?.width ?? 0)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it("answers an unknown district id with a 404 page", async () => {
    const page = await newPage(browser);
    await signIn(page, "demo@homeroom.test", "/districts");
    const res = await page.goto("/districts/0000001");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/No district/);
  });
});
