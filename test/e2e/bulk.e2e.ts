// Guards bulk invitations in a real browser: a vendor uploads a CSV of three
// On-Homeroom districts and one unknown NCES ID, sees every row checked (the bad
// row's problem beside it) with nothing sent, confirms, watches the progress
// bar reach done, and finds the three invitations pending in Invited Districts;
// and pasted text that is not a sheet comes back with its problem and the text kept.
// After every POST the test waits for what the next page shows (locator.waitFor).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "./auth";
import { apiGet, launch, newPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});


/** Districts the demo app has invited (any status), every page. */
async function invitedIds(): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let page = 1; ; page++) {
    const list = await apiGet<{ items: { districtId: string }[]; pages: number }>(`/api/invitations?status=all&pageSize=100&page=${page}`);
    for (const i of list.items) ids.add(i.districtId);
    if (page >= list.pages) return ids;
  }
}

/** Three On-Homeroom districts the demo app has never invited, found as an integration would: the API with on=on. */
async function pickThree(): Promise<{ id: string; name: string; state: string }[]> {
  const taken = await invitedIds();
  const picked: { id: string; name: string; state: string }[] = [];
  for (const q of ["school district", "county", "unified", "city", "public schools", "valley"]) {
    const found = await apiGet<{ results: { id: string; name: string; state: string }[] }>(`/api/districts?q=${encodeURIComponent(q)}&on=on`);
    for (const d of found.results) {
      if (taken.has(d.id) || picked.some((p) => p.id === d.id)) continue;
      picked.push(d);
      if (picked.length === 3) return picked;
    }
  }
  throw new Error("fewer than three On-Homeroom districts to invite");
}

describe("bulk invitations", () => {
  it("checks every row, sends nothing before the confirm, then sends with a progress bar", async () => {
    const districts = await pickThree();
    const run = Date.now();
    const csv = [
      "nces_id,contact_name,contact_email,additional_emails,launch_date,message",
      ...districts.map((d, i) => `${d.id},Contact ${i},bulk-${i}-${run}@district.test,,,"Hello ${d.name}, from the demo team"`),
      `9999999,Nobody Here,nobody-${run}@district.test,,,`,
    ].join("\r\n");

    const page = await newPage(browser);
    await signIn(page);
    await page.goto("/districts/invited");
    await page.getByRole("link", { name: "Invite in bulk" }).click();
    await page.waitForURL((url) => url.pathname === "/districts/bulk");
    await page.getByLabel("CSV file").setInputFiles({ name: "districts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Check the rows" }).click();
    await page.getByRole("heading", { name: "Bulk invitations: districts.csv" }).waitFor();

    await expect(page.locator("#bulk-summary").textContent()).resolves.toMatch(/4 rows: 3 ready, 1 with problems/);
    const badRow = page.locator('tr[data-row="4"]');
    await expect(badRow.textContent()).resolves.toContain('No district has the NCES ID "9999999"');
    for (const d of districts) await page.getByRole("row").filter({ hasText: d.name }).getByText("ready", { exact: true }).waitFor();
    // Nothing was sent by the upload.
    const before = await invitedIds();
    expect(districts.filter((d) => before.has(d.id))).toEqual([]);

    // Three rows often finish before the page after the confirm loads. To see the
    // progress script at work either way, the page the confirm leads to is shown
    // as still sending: the script must then poll the API (with the session) and
    // load the page again once the import is done. (Playwright does not route a
    // redirect's target, so the confirm's answer is fetched, redirect followed,
    // and given to the browser as the POST's answer.)
    const importPath = new URL(page.url()).pathname;
    const polls: string[] = [];
    let pageLoads = 0;
    page.on("request", (r) => {
      if (r.url().includes("/api/bulk-invitations/")) polls.push(r.url());
      if (r.resourceType() === "document" && r.method() === "GET" && new URL(r.url()).pathname === importPath) pageLoads++;
    });
    let shown = false;
    await page.route((url) => url.pathname === importPath, async (route) => {
      if (route.request().method() !== "POST" || shown) return route.continue();
      shown = true;
      const res = await route.fetch();
      const html = (await res.text()).replace('data-status="done"', 'data-status="sending"');
      await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
    });
    await page.getByRole("button", { name: "Send 3 invitations" }).click();
    await page.locator("progress#bulk-bar").waitFor();
    // The script polls, then loads the page again (a GET) once the import is done.
    await expect.poll(() => pageLoads, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await page.waitForLoadState("load");
    await page.getByRole("link", { name: "See the invitations in Invited Districts" }).waitFor({ timeout: 30_000 });
    expect(shown).toBe(true);
    expect(polls.some((u) => u.endsWith("?rows=0"))).toBe(true);
    await expect(page.locator("#bulk-sent").textContent()).resolves.toBe("3");
    await expect(page.locator("#bulk-remaining").textContent()).resolves.toBe("0");
    await expect(page.locator("progress#bulk-bar").evaluate((p: HTMLProgressElement) => [p.value, p.max])).resolves.toEqual([3, 3]);
    await expect(page.locator("#bulk-state").textContent()).resolves.toBe("Done");
    for (const d of districts) await page.getByRole("link", { name: `Invitation to ${d.name}`, exact: true }).waitFor();

    await page.getByRole("link", { name: "See the invitations in Invited Districts" }).click();
    await page.waitForURL((url) => url.pathname === "/districts/invited");
    for (const d of districts) {
      const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: d.name, exact: true }) });
      await row.getByText("pending", { exact: true }).waitFor();
    }
  });

  it("refuses pasted text it cannot read, with the problem beside the field and the text kept", async () => {
    const page = await newPage(browser);
    await signIn(page, "demo@homeroom.test", "/districts/bulk");
    await page.getByLabel("Or paste the CSV here").fill("Springfield, Pat, pat@district.test");
    await page.getByRole("button", { name: "Check the rows" }).click();
    await page.locator("#pasted-error").waitFor();
    await expect(page.locator("#pasted-error").textContent()).resolves.toMatch(/The first line must name the columns: nces_id, contact_name/);
    await expect(page.getByLabel("Or paste the CSV here").inputValue()).resolves.toBe("Springfield, Pat, pat@district.test");
    expect(new URL(page.url()).pathname).toBe("/districts/bulk");
  });
});
