// The workerd side of the fake Resend server: a private namespace per test and
// an env whose RESEND_BASE_URL points at it.
import { env } from "cloudflare:workers";
import type { Env } from "../../workers/env";
import type { RecordedRequest, ScriptedResponse } from "./fake-resend";

export interface FakeMailbox {
  /** An Env to hand to delivery code; its Resend calls land in this namespace. */
  env: Env;
  requests(): Promise<RecordedRequest[]>;
  /** Answers for the next requests, in order (e.g. a 429, then the default 200). */
  script(responses: ScriptedResponse[]): Promise<void>;
}

export function fakeMailbox(name = crypto.randomUUID()): FakeMailbox {
  const base = `${env.FAKE_RESEND_URL}/ns/${name}`;
  return {
    env: { ...env, RESEND_BASE_URL: base },
    async requests() {
      const res = await fetch(`${base}/__requests`);
      return ((await res.json()) as { requests: RecordedRequest[] }).requests;
    },
    async script(responses) {
      await fetch(`${base}/__script`, { method: "POST", body: JSON.stringify(responses) });
    },
  };
}

/** Every email Resend was asked to send, flattened out of single and batch calls. */
export async function sentEmails(box: FakeMailbox): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const r of await box.requests()) {
    if (r.path === "/emails") out.push(r.body as Record<string, unknown>);
    if (r.path === "/emails/batch" && Array.isArray(r.body)) out.push(...(r.body as Record<string, unknown>[]));
  }
  return out;
}
