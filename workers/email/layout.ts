// One look for every email, in HTML and plain text. Every value is escaped
// here, so templates pass plain strings and never build markup themselves.
import { escapeHtml } from "../lib/escape";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailContent {
  subject: string;
  /** First line, shown large. */
  heading: string;
  /** Paragraphs of plain text; newlines inside one are kept. */
  paragraphs: string[];
  /** Label/value lines shown as a small table (e.g. launch date, schools). */
  facts?: [string, string][];
  /** A quoted message from a person (vendor's message, a rejection reason). */
  quote?: { by: string; text: string } | null;
  button?: { label: string; url: string } | null;
  footer?: string;
}

export function renderEmail(c: EmailContent): RenderedEmail {
  const p = (t: string) => `<p style="margin:0 0 14px;line-height:1.5">${escapeHtml(t).replace(/\n/g, "<br>")}</p>`;
  const facts = c.facts?.length
    ? `<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">${c.facts
        .map(([k, v]) => `<tr><td style="padding:2px 12px 2px 0;color:#555">${escapeHtml(k)}</td><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`)
        .join("")}</table>`
    : "";
  const quote = c.quote
    ? `<blockquote style="margin:0 0 16px;padding:8px 14px;border-left:3px solid #c7d2fe;color:#333"><div style="font-size:13px;color:#555;margin-bottom:4px">${escapeHtml(c.quote.by)} wrote:</div>${escapeHtml(c.quote.text).replace(/\n/g, "<br>")}</blockquote>`
    : "";
  const button = c.button
    ? `<p style="margin:20px 0"><a href="${escapeHtml(c.button.url)}" style="background:#1d4ed8;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(c.button.label)}</a></p><p style="font-size:12px;color:#555;margin:0 0 14px">Or paste this link into your browser: ${escapeHtml(c.button.url)}</p>`
    : "";
  const footer = c.footer ?? "Sent by Homeroom, which connects education apps to school districts.";
  const html = `<!doctype html><html><body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#111"><div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:28px"><h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(c.heading)}</h1>${c.paragraphs.map(p).join("")}${facts}${quote}${button}<hr style="border:none;border-top:1px solid #eee;margin:24px 0 12px"><p style="font-size:12px;color:#666;margin:0">${escapeHtml(footer)}</p></div></body></html>`;
  const text = [
    c.heading,
    "",
    ...c.paragraphs.flatMap((t) => [t, ""]),
    ...(c.facts ?? []).map(([k, v]) => `${k}: ${v}`),
    ...(c.facts?.length ? [""] : []),
    ...(c.quote ? [`${c.quote.by} wrote:`, ...c.quote.text.split("\n").map((l) => `> ${l}`), ""] : []),
    ...(c.button ? [`${c.button.label}: ${c.button.url}`, ""] : []),
    "--",
    footer,
  ].join("\n");
  return { subject: c.subject, html, text };
}
