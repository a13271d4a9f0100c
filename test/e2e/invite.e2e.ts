// Guards the invitation journeys in a real browser: a vendor signs in, finds an
// On-Homeroom district, invites it with two additional contacts and two of its
// schools, sees it pending in Invited Districts and the email in the dev
// mailbox; then the same for an Off-Homeroom district, whose contact confirms
// at /join and whom Homeroom staff mark onboarded at /ops/onboarding.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, waitForMail } from "./auth";
import { BASE_URL, launch, linkIn, newPage } from "./browser";

const DEMO_KEY = "hr_demo_local_key";
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${BASE_URL}${path}`, { headers: { authorization: `Bearer ${DEMO_KEY}` } });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return (await res.json()) as T;
}

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
  await expect(row.getByText("pending", { exact: true }).isVisible()).resolves.toBe(true);
}

describe("inviting districts", () => {
  it("invites an On-Homeroom district with two additional contacts and two schools", async () => {
    const d = await pickDistrict("on");
    const page = await newPage(browser);
    await signIn(page);
    await openDistrict(page, d, "on");

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
    const schools = page.locator('input[name="schoolIds"]');
    expect(await schools.evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).length)).toBe(0);
    await schools.nth(0).check();
    await schools.nth(1).check();
    const chosen = await Promise.all([0, 1].map((i) => schools.nth(i).locator("xpath=..").innerText()));
    await page.getByRole("button", { name: "Send invitation" }).click();

    await page.waitForURL((url) => url.pathname.startsWith("/invitations/"));
    await expect(page.getByText("Invitation sent.").isVisible()).resolves.toBe(true);
    await expect(page.getByText("2 chosen schools").isVisible()).resolves.toBe(true);
    for (const name of chosen) await expect(page.getByText(name.trim(), { exact: true }).count()).resolves.toBe(1);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: ".test-results/invitation.png", fullPage: true });

    await expectPendingInTab(page, d.name);
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
    await expect(page.getByRole("link", { name: "See the existing invitation" }).isVisible()).resolves.toBe(true);
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
    await expect(page.getByText("Contact email is not a valid email address").isVisible()).resolves.toBe(true);
    await expect(page.getByLabel("Curriculum contact name").inputValue()).resolves.toBe("Cam Curriculum");
    await page.getByLabel("Curriculum contact email").fill(contact);
    await page.getByRole("button", { name: "Send onboarding invitation" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/invitations/"));
    await expect(page.getByText("Onboarding invitation (district not on Homeroom yet)").isVisible()).resolves.toBe(true);

    await expectPendingInTab(page, d.name);
    const invite = await waitForMail((m) => m.template === "invitation.onboarding" && m.to.includes(contact));
    const team = await waitForMail((m) => m.template === "onboarding.team" && m.text.includes(contact));
    expect(team.to).toEqual(["onboarding@homeroom.test"]);

    // The contact opens the link (nothing changes) and confirms.
    const district = await newPage(browser);
    await district.goto(linkIn(invite, "/join/"));
    await district.getByLabel("Your role").fill("Curriculum Director");
    await district.getByRole("button", { name: "Confirm these details" }).click();
    await expect(district.getByText("We have your details").isVisible()).resolves.toBe(true);

    // Homeroom staff mark the district onboarded; the contact gets the review link.
    const staff = await newPage(browser);
    await signIn(staff, "staff@homeroom.test", "/ops/onboarding");
    const card = staff.getByRole("region", { name: `${d.name}, ${d.state}` }).filter({ hasText: contact });
    await card.getByLabel("Status").selectOption("onboarded");
    await card.getByRole("button", { name: `Save ${d.name}` }).click();
    await expect(staff.getByText("Marked onboarded").isVisible()).resolves.toBe(true);
    const review = await waitForMail((m) => m.template === "invitation.connect" && m.to.includes(contact));
    expect(linkIn(review, "/connect/")).toContain("/connect/");
  });
});
