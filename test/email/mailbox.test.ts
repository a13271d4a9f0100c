// Guards the dev mailbox's view of a message: its links are listed so a
// person can follow them, and its HTML preview sends link clicks to the whole
// tab (our pages refuse to be framed), keeping the rest of the HTML as it was.
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../workers/email/layout";
import { linksIn, previewHtml } from "../../workers/email/mailbox";

describe("dev mailbox view", () => {
  const email = renderEmail({
    subject: "Sign in",
    heading: "Sign in to Homeroom",
    paragraphs: ["Press the button. See https://homeroom.test/help too."],
    button: { label: "Sign in", url: "http://127.0.0.1:8787/signin/verify?token=abc-DEF_1" },
  });

  it("lists each link of the plain text once, in order", () => {
    expect(linksIn(email.text)).toEqual(["https://homeroom.test/help", "http://127.0.0.1:8787/signin/verify?token=abc-DEF_1"]);
    expect(linksIn("no links here")).toEqual([]);
  });

  it("opens links in the tab, not the frame", () => {
    const html = previewHtml(email.html);
    expect(html).toMatch(/^<!doctype html><html><head><base target="_top"><\/head><body/);
    expect(html).toContain('href="http://127.0.0.1:8787/signin/verify?token=abc-DEF_1"');
    expect(previewHtml("<html><head><title>x</title></head></html>")).toBe('<html><head><base target="_top"><title>x</title></head></html>');
  });
});
