// Guards the inbound request journey end to end in Chromium: a district
// contact asks for Brightpath Reading from its public page (district by NCES
// ID), confirms from the link in the dev mailbox, and the vendor (signed in)
// finds it under Requests, approves it with a launch date, and sees it
// approved; the API then shows the connection, and the requester has the
// approval email with a manage link. A second test, with JavaScript off: field
// errors beside the fields with input kept, an Off-Homeroom district refused
// with a pointer to an invitation, a name that matches several districts
// answered with a list to choose from, a second open request refused, and the
// vendor declining with a reason that reaches the requester.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, waitForMail } from "./auth";
import { BASE_URL, launch, linkIn, newPage } from "./browser";

const KEY = { authorization: "Bearer hr_demo_local_key", "content-type": "application/json" };
const APP_ID = "app_brightpath_reading";
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function apiJson<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${BASE_URL}${path}`, { headers: KEY });
  return { status: res.status, body: (await res.json()) as T };
}

/** An On-Homeroom district the demo app is not connected to and has no request from. */
async function someDistrict(): Promise<{ id: string; name: string; state: string }> {
  const requested = (await apiJson<{ requests: { district: { id: string } }[] }>("/api/requests?status=all")).body.requests.map((r) => r.district.id);
  for (const q of ["school district", "schools", "district"]) {
    const found = await apiJson<{ results: { id: string; name: string; state: string; onHomeroom: boolean }[] }>(`/api/districts?state=WA&on=on&q=${encodeURIComponent(q)}`);
    for (const d of found.body.results) {
      if (!d.onHomeroom || requested.includes(d.id)) continue;
      if ((await apiJson<{ total: number }>(`/api/connections?q=${d.id}`)).body.total > 0) continue;
      return d;
    }
  }
  throw new Error("no On-Homeroom district in WA to request from");
}

describe("inbound requests from districts", () => {
  it("files, confirms from the mailbox, and the vendor approves it with a launch date", async () => {
    const district = await someDistrict();
    const email = `requester-${Date.now()}@district.test`;

    // The district contact asks from the app's public page.
    const page = await newPage(browser);
    expect((await page.goto("/request/no-such-app"))?.status()).toBe(404);
    const opened = await page.goto(`/request/${APP_ID}`);
    expect(opened?.status()).toBe(200);
    await page.getByRole("heading", { name: "Bring Brightpath Reading to your district" }).waitFor();
    await page.getByLabel("Your district (name or 7-digit NCES ID)").fill(district.id);
    await page.getByLabel("Your name").fill("Morgan Request");
    await page.getByLabel("Your work email").fill(email);
    await page.getByLabel("Your role").fill("Literacy coordinator");
    await page.getByLabel(/Message to Brightpath Learning/).fill("Our K-5 teachers would like guided reading this spring.");
    await page.getByRole("button", { name: "Send request" }).click();
    await page.getByTestId("filed").getByText(`${district.name} (${district.state})`).waitFor();

    // Nothing reaches the vendor until the address is confirmed.
    const unconfirmed = await apiJson<{ requests: { district: { id: string } }[] }>("/api/requests?status=all");
    expect(unconfirmed.body.requests.map((r) => r.district.id)).not.toContain(district.id);

    // The link from the email shows a button; pressing it confirms.
    const mail = await waitForMail((m) => m.template === "request.confirm" && m.to.includes(email));
    const link = linkIn(mail, "/request/confirm/");
    expect((await page.goto(link))?.status()).toBe(200);
    // Opening the link (as a mail scanner would) confirms nothing.
    const opened2 = await apiJson<{ requests: { district: { id: string } }[] }>("/api/requests?status=all");
    expect(opened2.body.requests.map((r) => r.district.id)).not.toContain(district.id);
    await page.getByRole("button", { name: "Confirm request" }).click();
    await page.getByRole("heading", { name: "Request sent to Brightpath Learning" }).waitFor();
    expect((await page.goto(link))?.status()).toBe(410);
    await page.getByText("This request is already confirmed").waitFor();

    // The vendor sees it under Requests, pending, and approves it with a launch date.
    const vendor = await newPage(browser);
    await signIn(vendor, "demo@homeroom.test", "/requests");
    await vendor.goto("/requests?status=pending");
    await vendor.getByTestId("share-link").getByText(`/request/${APP_ID}`).waitFor();
    const row = vendor.locator("tr").filter({ hasText: district.name });
    expect(await row.innerText()).toContain("Morgan Request");
    expect((await row.innerText()).toLowerCase()).toContain("pending");
    await row.getByRole("link", { name: district.name }).click();
    await vendor.waitForURL(/\/requests\/[^/?]+$/);
    const requestId = new URL(vendor.url()).pathname.split("/").pop() ?? "";
    await vendor.getByText("Our K-5 teachers would like guided reading this spring.").waitFor();
    const launchDate = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
    await vendor.getByLabel(/Launch date/).fill(launchDate);
    await vendor.getByRole("button", { name: "Approve request" }).click();
    await vendor.getByRole("status").getByText("Approved: the app is connected").waitFor();
    expect((await vendor.locator("h1 .tag").innerText()).toLowerCase()).toBe("approved");

    // The list shows it approved; the API shows the request and its connection.
    await vendor.goto("/requests?status=approved");
    expect((await vendor.locator("tr").filter({ hasText: district.name }).innerText()).toLowerCase()).toContain("approved");
    const request = await apiJson<{ request: { status: string; connectionId: string; launchDate: string } }>(`/api/requests/${requestId}`);
    expect(request.body.request).toMatchObject({ status: "approved", launchDate });
    const connection = await apiJson<{ connection: { districtId: string; launchDate: string; launchedAt: number | null; sharing: { mode: string }; contact: { email: string } } }>(`/api/connections/${request.body.request.connectionId}`);
    expect(connection.status).toBe(200);
    expect(connection.body.connection).toMatchObject({ districtId: district.id, launchDate, launchedAt: null, sharing: { mode: "all" }, contact: { email } });

    // The requester hears the answer, with a link to change what is shared.
    const approved = await waitForMail((m) => m.template === "request.approved" && m.to.includes(email));
    const manage = linkIn(approved, "/manage/");
    expect((await page.goto(manage))?.status()).toBe(200);
  });

  it("explains refusals beside the fields without JavaScript, and the vendor declines with a reason", async () => {
    const context = await browser.newContext({ baseURL: BASE_URL, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`/request/${APP_ID}`);

    // Nothing filled in: each field says what it needs; nothing is kept that was not typed.
    await page.getByLabel("Your work email").fill("not-an-address");
    const empty = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Send request" }).click();
    expect((await empty).status()).toBe(400);
    await page.locator("#name-error").getByText("Enter your name").waitFor();
    await page.locator("#role-error").waitFor();
    await page.locator("#district-error").waitFor();
    expect(await page.locator("#email-error").innerText()).toContain("name@example.com");
    expect(await page.getByLabel("Your work email").inputValue()).toBe("not-an-address");

    // An Off-Homeroom district: refused, suggesting an invitation from the vendor; input kept.
    const off = (await apiJson<{ results: { id: string; onHomeroom: boolean }[] }>("/api/districts?state=WA&on=off&q=school")).body.results[0];
    if (!off) throw new Error("no Off-Homeroom district in WA");
    const email = `decline-${Date.now()}@district.test`;
    await page.getByLabel("Your district (name or 7-digit NCES ID)").fill(off.id);
    await page.getByLabel("Your name").fill("Casey Decline");
    await page.getByLabel("Your work email").fill(email);
    await page.getByLabel("Your role").fill("Technology director");
    await page.getByRole("button", { name: "Send request" }).click();
    await page.locator("#district-error").getByText(/not on Homeroom yet.*Ask Brightpath Learning to invite your district/).waitFor();
    expect(await page.getByLabel("Your name").inputValue()).toBe("Casey Decline");

    // A name that matches several On-Homeroom districts: choose one from the list.
    await page.getByLabel("Your district (name or 7-digit NCES ID)").fill("school district wa");
    await page.getByRole("button", { name: "Send request" }).click();
    const select = page.getByLabel("Your district", { exact: true });
    await select.waitFor();
    const requested = (await apiJson<{ requests: { district: { id: string } }[] }>("/api/requests?status=all")).body.requests.map((r) => r.district.id);
    let chosen = "";
    for (const value of await select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))) {
      if (requested.includes(value) || (await apiJson<{ total: number }>(`/api/connections?q=${value}`)).body.total > 0) continue;
      chosen = value;
      break;
    }
    if (!chosen) throw new Error("every listed district is taken");
    await select.selectOption(chosen);
    await page.getByRole("button", { name: "Send request" }).click();
    await page.getByTestId("filed").waitFor();

    // Someone else at the same district, before the first person confirms: a clear refusal.
    const other = await context.newPage();
    await other.goto(`/request/${APP_ID}`);
    await other.getByLabel("Your district (name or 7-digit NCES ID)").fill(chosen);
    await other.getByLabel("Your name").fill("Jamie Second");
    await other.getByLabel("Your work email").fill(`second-${Date.now()}@district.test`);
    await other.getByLabel("Your role").fill("Principal");
    await other.getByRole("button", { name: "Send request" }).click();
    await other.locator("#district-error").getByText(/already asked for Brightpath Reading and has not confirmed/).waitFor();

    // Confirmed by a plain POST from the emailed link.
    const link = linkIn(await waitForMail((m) => m.template === "request.confirm" && m.to.includes(email)), "/request/confirm/");
    const posted = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE_URL }, body: "" });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("Request sent to Brightpath Learning");

    // The vendor declines with a reason.
    const vendor = await newPage(browser);
    await signIn(vendor, "demo@homeroom.test", "/requests");
    const list = await apiJson<{ requests: { id: string; district: { id: string } }[] }>("/api/requests?status=pending");
    const request = list.body.requests.find((r) => r.district.id === chosen);
    if (!request) throw new Error("the confirmed request is not listed as pending");
    await vendor.goto(`/requests/${request.id}`);
    await vendor.getByLabel(/Reason/).fill("We only support grades 6-12 for now.");
    await vendor.getByRole("button", { name: "Decline request" }).click();
    await vendor.getByRole("status").getByText("Declined: the requester was emailed.").waitFor();
    expect((await vendor.locator("h1 .tag").innerText()).toLowerCase()).toBe("rejected");
    expect((await apiJson<{ request: { status: string; connectionId: string | null } }>(`/api/requests/${request.id}`)).body.request).toMatchObject({ status: "rejected", connectionId: null });
    const declined = await waitForMail((m) => m.template === "request.rejected" && m.to.includes(email));
    expect(declined.text).toContain("We only support grades 6-12 for now.");
    await context.close();
  });
});
