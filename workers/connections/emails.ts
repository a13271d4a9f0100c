// The messages of the district side: a decision (to the vendor), the manage
// link (to the district contact, on acceptance or sent again by the vendor), a
// launch (to both), a sharing change, a moved launch date, and the 7-day reminder. Copy is Homeroom's own; renderEmail escapes every value.
import { renderEmail, type RenderedEmail } from "../email/layout";
import { formatDate, formatInstant } from "../lib/time";

export interface Parties {
  appName: string;
  vendorName: string;
  districtName: string;
  districtState: string;
  timeZone: string;
}

const where = (p: Parties) => `${p.districtName} (${p.districtState})`;

/** "September 1, 2027 (midnight America/Chicago)" or "On acceptance". */
export function launchText(launchDate: string | null, launchAt: number | null, timeZone: string): string {
  if (!launchDate) return "Right away, on acceptance";
  const at = launchAt === null ? "" : ` (${formatInstant(launchAt, timeZone)})`;
  return `${formatDate(launchDate)}${at}`;
}

export function acceptedEmail(p: Parties, x: { sharing: string; launch: string; launchedNow: boolean; url: string }): RenderedEmail {
  return renderEmail({
    subject: `${where(p)} accepted ${p.appName}`,
    heading: `${p.districtName} said yes to ${p.appName}`,
    paragraphs: [
      `The district contact at ${where(p)} accepted your invitation. The connection is in place and the district's administrators can already see ${p.appName}.`,
      x.launchedNow
        ? "There was no launch date, so teachers and students can use it now."
        : "Teachers and students will see it once the launch date arrives. Until then you can move the date or launch early.",
    ],
    facts: [["Shared", x.sharing], ["Launch", x.launch]],
    button: { label: "Open the connection", url: x.url },
  });
}

export function manageLinkEmail(p: Parties, x: { sharing: string; launch: string; launchedNow: boolean; url: string }): RenderedEmail {
  return renderEmail({
    subject: `${p.appName} is connected to ${p.districtName}`,
    heading: `You connected ${p.appName}`,
    paragraphs: [
      `Thank you for answering ${p.vendorName}'s invitation. ${p.appName} is now connected to ${where(p)}.`,
      x.launchedNow
        ? "It is available to teachers and students now."
        : "Until the launch date you can still change which schools or sections are shared, from the link below. Keep this email: the link is yours alone.",
    ],
    facts: [["Shared", x.sharing], ["Launch", x.launch]],
    button: x.launchedNow ? null : { label: "Change what is shared", url: x.url },
  });
}

/** A fresh manage link the vendor asked us to send (the earlier one stops working). */
export function manageLinkAgainEmail(p: Parties, x: { sharing: string; launch: string; url: string }): RenderedEmail {
  return renderEmail({
    subject: `Your new link for ${p.appName} at ${p.districtName}`,
    heading: `A new link to manage ${p.appName}`,
    paragraphs: [
      `${p.vendorName} asked Homeroom to send you a new link for ${p.appName} at ${where(p)}.`,
      "Until the launch date you can change which schools or sections are shared from the link below. Any link we sent you before no longer works.",
    ],
    facts: [["Shared", x.sharing], ["Launch", x.launch]],
    button: { label: "Change what is shared", url: x.url },
  });
}

/** To the district contact when the vendor moves a launch date that is still ahead. */
export function rescheduledEmail(p: Parties, x: { launch: string; was: string }): RenderedEmail {
  return renderEmail({
    subject: `New launch date for ${p.appName} at ${p.districtName}`,
    heading: `${p.appName} has a new launch date`,
    paragraphs: [
      `${p.vendorName} moved the launch of ${p.appName} at ${where(p)}. Your administrators can already see it; teachers and students will see it from the new date.`,
      `You can still change which schools or sections are shared until then, from the link in the email we sent when you accepted. If you can't find it, ask ${p.vendorName} to send you a new one.`,
    ],
    facts: [["New launch", x.launch], ["Before", x.was]],
  });
}

export function rejectedEmail(p: Parties, x: { reason: string | null; url: string }): RenderedEmail {
  return renderEmail({
    subject: `${where(p)} declined ${p.appName}`,
    heading: `${p.districtName} declined the invitation`,
    paragraphs: [`The district contact at ${where(p)} decided not to connect ${p.appName} for now.`],
    quote: x.reason ? { by: "The district contact", text: x.reason } : null,
    button: { label: "Open the invitation", url: x.url },
  });
}

export function launchedVendorEmail(p: Parties, x: { sharing: string; launchedAt: number; url: string }): RenderedEmail {
  return renderEmail({
    subject: `${p.appName} is live in ${where(p)}`,
    heading: `${p.appName} is live in ${p.districtName}`,
    paragraphs: [`Teachers and students at ${where(p)} can now open ${p.appName}. The launch date is now fixed.`],
    facts: [["Live since", formatInstant(x.launchedAt, p.timeZone)], ["Shared", x.sharing]],
    button: { label: "Open the connection", url: x.url },
  });
}

export function launchedDistrictEmail(p: Parties, x: { sharing: string; launchedAt: number }): RenderedEmail {
  return renderEmail({
    subject: `${p.appName} is now available in ${p.districtName}`,
    heading: `${p.appName} is available to your teachers and students`,
    paragraphs: [`As planned, ${p.appName} from ${p.vendorName} is now available at ${where(p)} for the schools and sections you shared.`],
    facts: [["Available since", formatInstant(x.launchedAt, p.timeZone)], ["Shared", x.sharing]],
  });
}

export function sharingChangedEmail(p: Parties, x: { sharing: string; url: string }): RenderedEmail {
  return renderEmail({
    subject: `${where(p)} changed what it shares with ${p.appName}`,
    heading: `${p.districtName} changed its sharing`,
    paragraphs: [`The district contact at ${where(p)} changed what ${p.appName} will receive.`],
    facts: [["Shared now", x.sharing]],
    button: { label: "Open the connection", url: x.url },
  });
}

export function reminderEmail(p: Parties, x: { onboarding: boolean; message: string; launch: string; url: string; expiresAt: number }): RenderedEmail {
  const open = `The invitation is open until ${formatInstant(x.expiresAt, p.timeZone)}.`;
  return renderEmail({
    subject: `Reminder: ${p.vendorName} invited ${p.districtName} to ${x.onboarding ? "join Homeroom" : `connect ${p.appName}`}`,
    heading: x.onboarding ? `${p.vendorName} is still hoping to hear from you` : `${p.appName} is still waiting for your answer`,
    paragraphs: x.onboarding
      ? [`A week ago ${p.vendorName} invited ${where(p)} to join Homeroom so it can use ${p.appName}.`, `Confirm your details from the link below and our onboarding team will help you set up. ${open}`]
      : [`A week ago ${p.vendorName} invited ${where(p)} to connect ${p.appName} through Homeroom. Nothing is shared until you accept.`, `You can accept as proposed, change what is shared, or decline. ${open}`],
    facts: x.onboarding ? [] : [["Proposed launch", x.launch]],
    quote: x.message ? { by: p.vendorName, text: x.message } : null,
    button: { label: "Review the invitation", url: x.url },
  });
}
