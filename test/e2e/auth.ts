// Signing in for end-to-end tests, the way a person does: ask for a link at
// /signin, open it from the dev mailbox, press "Sign in". Leaves the page signed in.
import type { Page } from "playwright-core";
import { devMail, linkIn, type DevMail } from "./browser";

/** Waits for the newest dev-mailbox message that matches. */
export async function waitForMail(match: (m: DevMail) => boolean, timeoutMs = 15_000): Promise<DevMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await devMail()).find(match);
    if (found) return found;
    if (Date.now() > until) throw new Error("no matching message in the dev mailbox");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Returns the (now spent) link, for tests that try it again. */
export async function signIn(page: Page, email = "demo@homeroom.test", next?: string): Promise<string> {
  const since = Date.now() - 2_000;
  await page.goto(next ? `/signin?next=${encodeURIComponent(next)}` : "/signin");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.getByText("Check your email").waitFor();
  const address = email.trim().toLowerCase();
  const mail = await waitForMail((m) => m.template === "auth.signin" && m.to.includes(address) && m.createdAt >= since);
  const link = linkIn(mail, "/signin/verify");
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
  return link;
}
