// Chromium for end-to-end tests: Debian's build, launched headless as root.
import { chromium, type Browser, type Page } from "playwright-core";
import type { OutboundMessage } from "../../workers/email/resend";

export const BASE_URL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:8788";

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ],
  });
}

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  return context.newPage();
}

/** All messages in the dev mailbox, newest first. */
export async function devMail(): Promise<DevMail[]> {
  const res = await fetch(`${BASE_URL}/dev/mail.json`);
  if (!res.ok) throw new Error(`dev mailbox answered ${res.status}`);
  return ((await res.json()) as { messages: DevMail[] }).messages;
}

/** A message as the dev mailbox lists it: what was handed to Resend, plus its outbox state. */
export interface DevMail extends OutboundMessage {
  id: string;
  template: string;
  status: string;
  createdAt: number;
}

/** The first link in a message's plain text that starts with the given path. */
export function linkIn(mail: DevMail, pathPrefix: string): string {
  const m = new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[/]/g, "\\/")}[^\\s]*`).exec(mail.text);
  if (!m) throw new Error(`no ${pathPrefix} link in "${mail.subject}"`);
  return m[0];
}

/** The seed's local-only API key of the demo app (Brightpath Reading). */
export const DEMO_KEY = "hr_demo_local_key";

/** GET an API path as the demo app; throws on a non-2xx answer. */
export async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${BASE_URL}${path}`, { headers: { authorization: `Bearer ${DEMO_KEY}` } });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return (await res.json()) as T;
}
