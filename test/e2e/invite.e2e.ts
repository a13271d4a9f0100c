// Guards the invitation journeys in a real browser: a vendor signs in, finds an
// On-Homeroom district, invites it with two additional contacts and two of its
// schools, sees it pending in Invited Districts and the email in the dev
// mailbox; then the same for an Off-Homeroom district, whose contact confirms
// at /join (the onboarding team is told) and whom Homeroom staff mark onboarded
// at /ops/onboarding; a double-clicked form that creates one invitation; and a
// refused reschedule that stays on the invitation page with its error.
// After every POST the tests wait for what the next page shows (locator.waitFor),
// never an instant isVisible(): the old page is still there until the answer comes.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, waitForMail } from "./auth";
import { apiGet, BASE_URL, DEMO_KEY, devMail, launch, linkIn, newPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});


/** A district of the wanted kind, with at least three schools (so two is a real choice), that the demo app has not invited yet. */
async function pickDistrict(on: "on" | "off"): Promise<{ id: string; name: string; state: string }> {
  const invited = await apiGet<{ items: { districtId: string }[] }>("/api/invitations?status=all&pageSize=100");
  const taken = new Set(invited.items.map((i) => i.districtId));
  for (const q of ["county", "city", "unified", "public schools", "school district", "valley", "north"]) {
    const found = await apiGet<{ results: { id: string; name: string; state: string }[] }>(`/api/districts?q=${encodeURIComponent(q)}&on=${on}`);
    for (const d of found.results) {
      if (taken.has(d.id)) continue;
      const detail = await apiGet<{ schools: unknown[] }>(`/api/districts/${d.id}`);
      if (detail.schools.length >= 3) return d;
    }
  }
  throw new Error(`no ${on}-Homeroom district to invite`);
}

async function openDistrict(page: Page, d: { id: string; name: string }, on: "on" | "off") {
  await page.goto("/districts");
  await page.getByLabel("District name or NCES ID").fill(d.id);
  await page.getByLabel(on === "on" ? "On Homeroom" : "Off Homeroom", { exact: true }).check();
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: d.name, exact: true }).first().click();
  await page.waitForURL((url) => url.pathname === `/districts/${d.id}`);
  await page.getByRole("link", { name: "Invite to connect" }).click();
  await page.waitForURL((url) => url.pathname === `/districts/${d.id}/invite`);
}

async function expectPendingInTab(page: Page, districtName: string) {
  await page.goto("/districts/invited?status=pending");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: districtName, exact: true }) });
  await row.getByText("pending", { exact: true }).waitFor();
}

describe("inviting districts", () => {
  it("invites an On-Homeroom district with two additional contacts and two schools", async () => {
    const d = await pickDistrict("on");
    const page = await newPage(browser);
    const cspErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await signIn(page);
    await openDistrict(page, d, "on");
    // The form's enhancements are a script file from this site: no inline script, and a CSP that allows no other.
    const html = await (await page.request.get(`/districts/${d.id}/invite`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1] ?? "");
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toMatch(/\bsrc="\/_astro\//);

    const run = Date.now();
    const primary = `pat-${run}@district.test`;
    const extra = [`ana-${run}@district.test`, `bo-${run}@district.test`];
    await page.getByLabel("Primary contact name").fill("Pat Principal");
    await page.getByLabel("Primary contact email").fill(primary);
    await page.getByLabel("Additional contact emails").fill(`${extra[0]}, ${extra[1]}`);
    // Untick every school with the select-all toggle, then tick two.
    // The launch date previews local midnight in the district's zone and in the vendor's.
    await page.getByLabel("Launch date (optional)").fill("2031-09-02");
    const preview = await page.locator("#launch-preview").innerText();
    expect(preview).toContain("Tuesday, September 2, 2031 at 12:00 AM");
    expect(preview).toContain("for you");
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: ".test-results/invite-form.png" });
    await page.getByLabel("Select all schools").uncheck();
    expect(cspErrors).toEqual([]);
    const schools = page.locator('input[name="schoolIds"]');
    expect(await schools.evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).length)).toBe(0);
    await schools.nth(0).check();
    await schools.nth(1).check();
    const chosen = await Promise.all([0, 1].map((i) => schools.nth(i).locator("xpath=..").innerText()));
    await page.getByRole("button", { name: "Send invitation" }).click();

    await page.waitForURL((url) => url.pathname.startsWith("/invitations/"));
    await page.getByText("Invitation sent.").waitFor();
    await page.getByText("2 chosen schools").waitFor();
    expect(await page.getByTestId("invitation-launch").innerText()).toMatch(/^September 2, 2031, from midnight in the district \(Tuesday, September 2, 2031 at 12:00 AM /);
    for (const name of chosen) await expect(page.getByText(name.trim(), { exact: true }).count()).resolves.toBe(1);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: ".test-results/invitation.png", fullPage: true });

    await expectPendingInTab(page, d.name);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: ".test-results/invited-tab.png", fullPage: true });
    const csv = await (await page.request.get("/districts/invited.csv?status=pending")).text();
    expect(csv.split("\r\n")[0]).toContain("District,State,NCES ID");
    expect(csv).toContain(`,${d.id},connect,pending,`);

    const mail = await waitForMail((m) => m.template === "invitation.connect" && m.to.includes(primary));
    expect(mail.to).toEqual([primary, ...extra]);
    expect(mail.cc).toEqual(["demo@homeroom.test", "partners@homeroom.test"]);
    expect(mail.replyTo).toBe("demo@homeroom.test");
    expect(linkIn(mail, "/connect/")).toMatch(/\/connect\/[A-Za-z0-9_-]{20,}$/);

    // A second invitation to the same district is refused, linking the first.
    await page.goto(`/districts/${d.id}/invite`);
    await page.getByRole("link", { name: "See the existing invitation" }).waitFor();
  });

  it("invites an Off-Homeroom district's curriculum contact, who confirms at /join; staff mark it onboarded", async () => {
    const d = await pickDistrict("off");
    const page = await newPage(browser);
    await signIn(page);
    await openDistrict(page, d, "off");

    const contact = `cam-${Date.now()}@district.test`;
    await expect(page.getByLabel("District name").inputValue()).resolves.toBe(d.name);
    await page.getByLabel("Curriculum contact name").fill("Cam Curriculum");
    await page.getByLabel("Curriculum contact email").fill("not-an-email");
    await page.getByLabel("Curriculum contact role").fill("Director of Curriculum");
    await page.getByRole("button", { name: "Send onboarding invitation" }).click();
    // Refused beside the field, with the input kept.
    await page.getByText("Contact email is not a valid email address").waitFor();
    await expect(page.getByLabel("Curriculum contact name").inputValue()).resolves.toBe("Cam Curriculum");
    await page.getByLabel("Curriculum contact email").fill(contact);
    await page.getByRole("button", { name: "Send onboarding invitation" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/invitations/"));
    await page.getByText("Onboarding invitation (district not on Homeroom yet)").waitFor();

    await expectPendingInTab(page, d.name);
    const invite = await waitForMail((m) => m.template === "invitation.onboarding" && m.to.includes(contact));
    const team = await waitForMail((m) => m.template === "onboarding.team" && m.text.includes(contact));
    expect(team.to).toEqual(["onboarding@homeroom.test"]);

    // The staff page is for Homeroom staff only: the vendor gets a plain 404.
    const refused = await page.goto("/ops/onboarding");
    expect(refused?.status()).toBe(404);

    // The contact opens the link (nothing changes) and confirms.
    const district = await newPage(browser);
    await district.goto(linkIn(invite, "/join/"));
    await district.getByLabel("Your role").fill("Curriculum Director");
    await district.getByRole("button", { name: "Confirm these details" }).click();
    await district.getByText("We have your details").waitFor();
    // The onboarding team is told that the contact confirmed.
    const confirmed = await waitForMail((m) => m.template === "onboarding.confirmed" && m.replyTo === contact);
    expect(confirmed.to).toEqual(["onboarding@homeroom.test"]);
    expect(confirmed.text).toContain("Curriculum Director");

    // Homeroom staff see the confirmation and mark the district onboarded; the contact gets the review link.
    const staff = await newPage(browser);
    await signIn(staff, "staff@homeroom.test", "/ops/onboarding");
    const card = staff.getByRole("region", { name: `${d.name}, ${d.state}` }).filter({ hasText: contact });
    await card.getByText("contact confirmed", { exact: true }).waitFor();
    await card.getByText("Cam Curriculum confirmed these details on").waitFor();
    if (process.env.E2E_SCREENSHOTS) await staff.screenshot({ path: ".test-results/ops-onboarding.png", fullPage: true });
    await card.getByLabel("Status").selectOption("onboarded");
    await card.getByRole("button", { name: `Save ${d.name}` }).click();
    await staff.getByText("Marked onboarded").waitFor();
    const review = await waitForMail((m) => m.template === "invitation.connect" && m.to.includes(contact));
    expect(linkIn(review, "/connect/")).toContain("/connect/");
  });

  it("creates one invitation from a double-clicked form, and from the same form posted twice at once", async () => {
    const d = await pickDistrict("on");
    const page = await newPage(browser);
    await signIn(page);
    await openDistrict(page, d, "on");
    const primary = `dee-${Date.now()}@district.test`;
    await page.getByLabel("Primary contact name").fill("Dee Double");
    await page.getByLabel("Primary contact email").fill(primary);

    // The same form (one nonce) sent twice at the same moment, as a double click can.
    const fields = await page.locator("#invite-form").evaluate((f) => [...new FormData(f as HTMLFormElement)].map(([k, v]) => [k, String(v)]));
    const body = new URLSearchParams(fields).toString();
    const post = () => page.request.post(`/districts/${d.id}/invite`, {
      headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(page.url()).origin },
      data: body, maxRedirects: 0,
    });
    const answers = await Promise.all([post(), post()]);
    expect(answers.map((a) => a.status())).toEqual([303, 303]);
    const [first, second] = answers.map((a) => a.headers()["location"]);
    expect(first).toMatch(/^\/invitations\/[^/?]+\?sent=1$/);
    expect(second).toBe(first);

    // And the real button, double-clicked: it lands on the same invitation.
    // The second click aborts the first navigation, so wait for the page it ends on, not for a URL.
    await page.getByRole("button", { name: "Send invitation" }).dblclick();
    await page.getByText("Invitation sent.").waitFor();
    expect(`${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe(first);

    const mine = await apiGet<{ items: { districtId: string }[] }>(`/api/invitations?status=all&pageSize=100&q=${encodeURIComponent(d.name)}`);
    expect(mine.items.filter((i) => i.districtId === d.id)).toHaveLength(1);
    await waitForMail((m) => m.template === "invitation.connect" && m.to.includes(primary));
    expect((await devMail()).filter((m) => m.template === "invitation.connect" && m.to.includes(primary))).toHaveLength(1);
  });

  it("keeps a refused reschedule on the invitation page, the error beside the date", async () => {
    // An accepted invitation: sent through the API, accepted by the district.
    const d = await pickDistrict("on");
    const contact = `rae-${Date.now()}@district.test`;
    const res = await fetch(`${BASE_URL}/api/invitations`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEMO_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ districtId: d.id, primaryContact: { name: "Rae Reschedule", email: contact }, launchDate: "2031-05-04" }),
    });
    expect(res.status).toBe(201);
    const inv = (await res.json()) as { id: string };
    const mail = await waitForMail((m) => m.template === "invitation.connect" && m.to.includes(contact));
    const district = await newPage(browser);
    await district.goto(linkIn(mail, "/connect/"));
    await district.getByRole("button", { name: "Accept as proposed" }).click();
    await district.getByText("You accepted the invitation.").waitFor();

    const page = await newPage(browser);
    await signIn(page, "demo@homeroom.test", `/invitations/${inv.id}`);
    const panel = page.getByTestId("connection-panel");
    await panel.getByTestId("launch-date").getByText("May 4, 2031").waitFor();
    // A date in the past (the browser's own min check removed, as a stale or scripted form would).
    const date = panel.getByLabel(/New launch date/);
    await date.evaluate((el) => el.removeAttribute("min"));
    await date.fill("2001-01-01");
    await panel.getByRole("button", { name: "Reschedule" }).click();
    await panel.locator(".field-error").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/invitations/${inv.id}`);
    expect(await panel.locator(".field-error").innerText()).toContain("or later");
    await expect(date.inputValue()).resolves.toBe("2001-01-01");
    await page.getByRole("alert").filter({ hasText: "or later" }).waitFor();
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: ".test-results/reschedule-error.png", fullPage: true });

    await date.fill("2032-02-03");
    await panel.getByRole("button", { name: "Reschedule" }).click();
    await page.getByText("Launch date saved.").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/invitations/${inv.id}`);
    await panel.getByTestId("launch-date").getByText("February 3, 2032").waitFor();
  });
});
