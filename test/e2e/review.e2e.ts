// Guards the district's side end to end in Chromium: an invitation's review link
// from the dev mailbox, sharing changed to one school and accepted by POST; the
// vendor's Invited Districts tab shows approved; the portal hides the app from
// teachers until the cron fires after the launch moment, then shows it only to
// a teacher of the shared school; a second cron run sends no second launch email.
// Before launch the vendor sends the contact a fresh manage link (the old one
// stops working) and sees a refused reschedule explained on the page. A second
// test walks the reviewer's check literally: API key, dev mailbox, a plain POST.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, waitForMail } from "./auth";
import { BASE_URL, devMail, launch, linkIn, newPage } from "./browser";

const KEY = { authorization: "Bearer hr_demo_local_key", "content-type": "application/json" };
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function apiJson<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${BASE_URL}${path}`, { ...init, headers: { ...KEY, ...(init.headers ?? {}) } });
  return { status: res.status, body: (await res.json()) as T };
}

/** Today's calendar date in Phoenix (no DST): its midnight has always passed. */
const todayInPhoenix = () => new Intl.DateTimeFormat("en-CA", { timeZone: "America/Phoenix", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());

interface District { id: string; name: string; schools: { id: string; name: string }[] }

/** Invites an On-Homeroom Arizona district with two or more schools that the demo app has not connected yet. */
async function inviteSomeDistrict(contact: string): Promise<{ district: District; invitationId: string }> {
  const search = await apiJson<{ results: { id: string; onHomeroom: boolean }[] }>(`/api/districts?state=AZ&on=on&q=school`);
  const candidates = search.body.results.length ? search.body.results : (await apiJson<{ results: { id: string }[] }>(`/api/districts?state=AZ&on=on&q=district`)).body.results;
  for (const c of candidates) {
    const d = await apiJson<District>(`/api/districts/${c.id}`);
    if (d.status !== 200 || d.body.schools.length < 2) continue;
    const existing = await apiJson<{ total: number }>(`/api/connections?q=${c.id}`);
    if (existing.body.total > 0) continue;
    const created = await apiJson<{ id: string }>(`/api/invitations`, {
      method: "POST",
      body: JSON.stringify({ districtId: c.id, primaryContact: { name: "Riley Review", email: contact }, launchDate: todayInPhoenix() }),
    });
    if (created.status === 201) return { district: d.body, invitationId: created.body.id };
  }
  throw new Error("no Arizona On-Homeroom district could be invited");
}

const portal = (districtId: string, school: string) =>
  apiJson<{ apps: { appId: string; name: string }[] }>(`/api/districts/${districtId}/apps?role=teacher&school=${school}`);

describe("district review, acceptance and launch by the cron", () => {
  it("accepts with changed sharing, shows approved, and launches to the shared school only after the cron", async () => {
    const contact = `contact-${Date.now()}@district.test`;
    const { district, invitationId } = await inviteSomeDistrict(contact);
    const [shared, unshared] = district.schools;
    if (!shared || !unshared) throw new Error("needs two schools");

    // The district contact opens the link from the email.
    const mail = await waitForMail((m) => m.to.includes(contact) && m.text.includes("/connect/"));
    const page = await newPage(browser);
    const link = linkIn(mail, "/connect/");
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    await page.getByRole("heading", { level: 1 }).filter({ hasText: district.name }).waitFor();

    // Change what is shared to one school, then accept.
    const changeForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Accept with these choices" }) });
    await changeForm.getByLabel("Only the schools ticked below").check();
    for (const box of await changeForm.locator('input[name="schoolIds"]').all()) await box.uncheck();
    await changeForm.getByLabel(shared.name, { exact: true }).check();
    await changeForm.getByRole("button", { name: "Accept with these choices" }).click();
    await page.getByText("You accepted the invitation.").waitFor();

    // Reloading shows the decision already made, nothing more.
    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    await page.getByText("it was accepted").waitFor();
    expect(await page.content()).not.toContain(district.name);

    // The vendor's tab shows approved.
    const vendor = await newPage(browser);
    await signIn(vendor, "demo@homeroom.test", "/districts/invited");
    await vendor.goto("/districts/invited?status=approved");
    const row = vendor.locator("tr").filter({ hasText: district.name });
    await row.first().waitFor();
    expect((await row.first().innerText()).toLowerCase()).toContain("approved");

    // The connection: one school shared, not launched yet (the cron has not run).
    const inv = await apiJson<{ connectionId: string | null; status: string }>(`/api/invitations/${invitationId}`);
    expect(inv.body.status).toBe("approved");
    const conn = await apiJson<{ connection: { appId: string; launchedAt: number | null; sharing: { mode: string; schoolIds: string[] } } }>(`/api/connections/${inv.body.connectionId}`);
    expect(conn.body.connection.sharing).toEqual({ mode: "schools", schoolIds: [shared.id], sectionIds: [] });
    const appId = conn.body.connection.appId;
    const before = await portal(district.id, shared.id);
    expect(before.body.apps.map((a) => a.appId)).not.toContain(appId);

    // The contact lost the manage link: the vendor sends a fresh one from the connection page.
    const firstManage = linkIn(await waitForMail((m) => m.to.includes(contact) && m.template === "connection.manage_link"), "/manage/");
    await vendor.goto(`/connections/${inv.body.connectionId}`);
    await vendor.getByRole("button", { name: "Email the district a new manage link" }).click();
    await vendor.getByTestId("connection-done").getByText(contact).waitFor();
    const second = await waitForMail((m) => m.to.includes(contact) && m.template === "connection.manage_link" && linkIn(m, "/manage/") !== firstManage);
    const oldPage = await newPage(browser);
    expect((await oldPage.goto(firstManage))?.status()).toBe(410);
    expect((await oldPage.goto(linkIn(second, "/manage/")))?.status()).toBe(200);
    await oldPage.getByTestId("shared").getByText(shared.name).waitFor();

    // A refused reschedule (a date already past; the browser's own minimum removed) is explained, nothing changes.
    await vendor.evaluate(() => document.querySelectorAll("input[type=date]").forEach((i) => i.removeAttribute("min")));
    await vendor.getByLabel(/New launch date/).fill("2020-01-01");
    await vendor.getByRole("button", { name: "Reschedule" }).click();
    await vendor.getByRole("alert").getByText(/Nothing was changed\. Choose .* or later/).waitFor();

    // The launch moment (midnight today in Phoenix) has passed: fire the cron.
    const fired = await fetch(`${BASE_URL}/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*`);
    expect(fired.status).toBe(200);
    const after = await portal(district.id, shared.id);
    expect(after.body.apps.map((a) => a.appId)).toContain(appId);
    expect((await portal(district.id, unshared.id)).body.apps.map((a) => a.appId)).not.toContain(appId);
    const appName = after.body.apps.find((a) => a.appId === appId)?.name ?? "";

    // The portal preview page (the vendor's own apps), as a teacher of each school.
    await vendor.goto(`/portal/${district.id}`);
    await vendor.getByLabel("Who", { exact: true }).selectOption("teacher");
    await vendor.getByLabel("School", { exact: true }).selectOption(shared.id);
    await vendor.getByRole("button", { name: "Show apps" }).click();
    await vendor.getByTestId("apps").getByText(appName, { exact: true }).waitFor();
    await vendor.getByLabel("School", { exact: true }).selectOption(unshared.id);
    await vendor.getByRole("button", { name: "Show apps" }).click();
    await vendor.getByRole("heading", { name: new RegExp(`Teacher at ${unshared.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} sees`) }).waitFor();
    expect(await vendor.getByTestId("apps").getByText(appName, { exact: true }).count()).toBe(0);

    // Firing the cron again sends no second launch email.
    await fetch(`${BASE_URL}/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*`);
    const launchMails = (await devMail()).filter((m) => m.template === "connection.launched" && m.subject.includes(district.name));
    expect(launchMails).toHaveLength(1);
  });

  it("passes the reviewer's check: invite by API, accept by a plain POST, approved, launched once by the cron", async () => {
    const contact = `plain-${Date.now()}@district.test`;
    const { district, invitationId } = await inviteSomeDistrict(contact);
    const school = district.schools[0]?.id ?? "";
    const mail = await waitForMail((m) => m.to.includes(contact) && m.text.includes("/connect/"));
    const link = linkIn(mail, "/connect/");
    expect((await fetch(link)).status).toBe(200);
    expect((await apiJson<{ status: string }>(`/api/invitations/${invitationId}`)).body.status).toBe("pending");
    const posted = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE_URL }, body: "decision=accept" });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("You accepted the invitation.");
    const inv = await apiJson<{ status: string; connectionId: string }>(`/api/invitations/${invitationId}`);
    expect(inv.body.status).toBe("approved");
    const appId = (await apiJson<{ connection: { appId: string } }>(`/api/connections/${inv.body.connectionId}`)).body.connection.appId;
    expect((await portal(district.id, school)).body.apps.map((a) => a.appId)).not.toContain(appId);
    await fetch(`${BASE_URL}/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*`);
    expect((await portal(district.id, school)).body.apps.map((a) => a.appId)).toContain(appId);
    await fetch(`${BASE_URL}/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*`);
    const launches = (await devMail()).filter((m) => m.template.startsWith("connection.launched") && m.subject.includes(district.name));
    expect(launches.map((m) => m.template).sort()).toEqual(["connection.launched", "connection.launched_district"]);
  });
});
