// The messages of an inbound request: the requester confirms their address,
// the vendor's team hears of a confirmed request, and the requester hears the
// vendor's answer (with a link to change what is shared before launch, when
// approved). Copy is Homeroom's own; renderEmail escapes every value.
import { renderEmail, type RenderedEmail } from "../email/layout";

export interface RequestParties {
  appName: string;
  vendorName: string;
  districtName: string;
  districtState: string;
}

const where = (p: RequestParties) => `${p.districtName} (${p.districtState})`;

export function confirmEmail(p: RequestParties, x: { name: string; url: string }): RenderedEmail {
  return renderEmail({
    subject: `Confirm your request for ${p.appName}`,
    heading: `One step left: confirm your request for ${p.appName}`,
    paragraphs: [
      `Hello ${x.name}, you asked Homeroom to connect ${p.appName} from ${p.vendorName} to ${where(p)}.`,
      `Open the link below and press "Confirm request" so we can pass it on to ${p.vendorName}. The link works for 7 days.`,
      "If you did not ask for this, ignore this email and nothing will be sent.",
    ],
    button: { label: "Confirm the request", url: x.url },
  });
}

export function receivedEmail(p: RequestParties, x: { requester: string; email: string; role: string; message: string; url: string }): RenderedEmail {
  return renderEmail({
    subject: `${where(p)} is asking for ${p.appName}`,
    heading: `${p.districtName} would like to use ${p.appName}`,
    paragraphs: [
      `A contact at ${where(p)} asked to connect ${p.appName} through Homeroom and confirmed their email address.`,
      "Approve it (with a launch date if you like) or decline it from the request's page.",
    ],
    facts: [["From", `${x.requester} <${x.email}>`], ["Role", x.role || "Not given"]],
    quote: x.message ? { by: x.requester, text: x.message } : null,
    button: { label: "Review the request", url: x.url },
  });
}

export function approvedEmail(p: RequestParties, x: { launch: string; launchedNow: boolean; url: string }): RenderedEmail {
  return renderEmail({
    subject: `${p.appName} is approved for ${p.districtName}`,
    heading: `${p.vendorName} said yes: ${p.appName} is connected`,
    paragraphs: [
      `${p.vendorName} approved your request. ${p.appName} is now connected to ${where(p)}, sharing all of your schools, and your administrators can already see it.`,
      x.launchedNow
        ? "Teachers and students can use it now."
        : "Teachers and students will see it from the launch date. Until then you can change which schools or sections are shared from the link below. Keep this email: the link is yours alone.",
    ],
    facts: [["Shared", "All schools"], ["Launch", x.launch]],
    button: x.launchedNow ? null : { label: "Change what is shared", url: x.url },
  });
}

export function rejectedEmail(p: RequestParties, x: { reason: string | null }): RenderedEmail {
  return renderEmail({
    subject: `Your request for ${p.appName} was declined`,
    heading: `${p.vendorName} declined the request for now`,
    paragraphs: [
      `${p.vendorName} decided not to connect ${p.appName} to ${where(p)} for now. Nothing is shared.`,
      `If you have questions, contact ${p.vendorName} directly.`,
    ],
    quote: x.reason ? { by: p.vendorName, text: x.reason } : null,
  });
}
