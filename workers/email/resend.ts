// The only place that talks to Resend: one send or one batch through the real
// SDK, with an idempotency key and a timeout, and every answer sorted into
// sent / retry later / failed for good, so delivery logic never reads HTTP.
import { Resend } from "resend";
import type { Env } from "../env";

export interface OutboundMessage {
  from: string;
  to: string[];
  cc: string[];
  replyTo: string | null;
  subject: string;
  html: string;
  text: string;
}

export type SendOutcome =
  | { kind: "sent"; providerIds: string[] }
  /** 429, 5xx, network error or timeout: try again later with the same key. */
  | { kind: "retry"; error: string; retryAfterMs: number | null }
  /** A 4xx other than 429: the request itself is wrong; retrying cannot help. */
  | { kind: "permanent"; error: string };

export const DEFAULT_TIMEOUT_MS = 10_000;

export function resendClient(env: Pick<Env, "RESEND_API_KEY" | "RESEND_BASE_URL">): Resend {
  if (!env.RESEND_API_KEY) throw new Error("RESEND_API_KEY is not set");
  return new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
}

const payloadOf = (m: OutboundMessage) => ({
  from: m.from,
  to: m.to,
  subject: m.subject,
  html: m.html,
  text: m.text,
  ...(m.cc.length ? { cc: m.cc } : {}),
  ...(m.replyTo ? { replyTo: m.replyTo } : {}),
});

interface SdkError {
  message: string;
  statusCode: number | null;
  name: string;
}

function retryAfterMs(headers: Record<string, string> | null): number | null {
  const raw = headers?.["retry-after"];
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function classify(error: SdkError, headers: Record<string, string> | null, timedOut: boolean): SendOutcome {
  const status = error.statusCode;
  const text = `${status ?? "network"} ${error.name}: ${error.message}`;
  if (timedOut) return { kind: "retry", error: "timeout: Resend did not answer in time", retryAfterMs: null };
  // 409: the same key is still being processed (or was used concurrently): try again later.
  if (status === null || status === 429 || status === 409 || status >= 500) {
    return { kind: "retry", error: text, retryAfterMs: status === 429 ? retryAfterMs(headers) : null };
  }
  return { kind: "permanent", error: text };
}

/**
 * Sends one message (emails.send) or several (batch.send, at most 100) under
 * one Idempotency-Key. The SDK reports a network failure or our abort as an
 * error object, never a throw; a throw is treated the same way.
 */
export async function sendToResend(
  client: Resend,
  messages: OutboundMessage[],
  idempotencyKey: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<SendOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    if (messages.length === 1 && messages[0]) {
      const res = await client.emails.send(payloadOf(messages[0]), { idempotencyKey, signal });
      if (res.error) return classify(res.error, res.headers, signal.aborted);
      return { kind: "sent", providerIds: [res.data.id] };
    }
    const res = await client.batch.send(messages.map(payloadOf), { idempotencyKey, signal });
    if (res.error) return classify(res.error, res.headers, signal.aborted);
    const ids = res.data.data.map((d) => d.id);
    if (ids.length !== messages.length) return { kind: "retry", error: `Resend answered ${ids.length} ids for ${messages.length} emails`, retryAfterMs: null };
    return { kind: "sent", providerIds: ids };
  } catch (err) {
    return { kind: "retry", error: signal.aborted ? "timeout: Resend did not answer in time" : `network: ${String(err)}`, retryAfterMs: null };
  }
}
