// The words of every invitation email, in one place. Each function returns a
// rendered email (layout.ts escapes everything), so the message a vendor typed
// is always sent as text, never as markup.
import { renderEmail, type RenderedEmail } from "../email/layout";
import { formatDate } from "../lib/time";

export interface Sender {
  appName: string;
  vendorName: string;
  /** The vendor user who sent it, if a person did. */
  userName: string | null;
}

export function defaultMessage(s: { appName: string; vendorName: string; districtName: string }): string {
  return [
    `Hello from ${s.vendorName}!`,
    `We would like to connect ${s.appName} with ${s.districtName} through Homeroom. Once you accept, your teachers and students can sign in to ${s.appName} with the class rosters you already keep, with no spreadsheets to upload and no accounts to create by hand.`,
    `You stay in control: you choose which schools or sections are shared, and you can change that before the launch date.`,
  ].join("\n\n");
}

function from(s: Sender): string {
  return s.userName ? `${s.userName} at ${s.vendorName}` : s.vendorName;
}

export function connectEmail(s: Sender, p: { districtName: string; message: string; launchDate: string | null; sharing: string; url: string; resent?: boolean }): RenderedEmail {
  return renderEmail({
    subject: `${p.resent ? "Reminder: " : ""}${s.vendorName} invites ${p.districtName} to connect ${s.appName}`,
    heading: `${s.appName} would like to connect with ${p.districtName}`,
    paragraphs: [
      `${from(s)} has invited your district to connect ${s.appName} through Homeroom.`,
      "Open the invitation to see exactly what would be shared, change it if you like, and accept or decline. Nothing is shared until you accept.",
    ],
    facts: [
      ["App", s.appName],
      ["From", s.vendorName],
      ["Proposed sharing", p.sharing],
      ["Launch date", p.launchDate ? formatDate(p.launchDate) : "When you accept"],
    ],
    quote: { by: from(s), text: p.message },
    button: { label: "Review the invitation", url: p.url },
    footer: "You receive this because a vendor named you as a contact for your district. If you did not expect it, you can ignore it: nothing happens unless you accept.",
  });
}

export function onboardingContactEmail(s: Sender, p: { districtName: string; contactName: string; message: string; url: string; resent?: boolean }): RenderedEmail {
  return renderEmail({
    subject: `${p.resent ? "Reminder: " : ""}${s.vendorName} invites ${p.districtName} to join Homeroom for ${s.appName}`,
    heading: `Bring ${p.districtName} onto Homeroom`,
    paragraphs: [
      `Hello ${p.contactName},`,
      `${from(s)} would like your district to use ${s.appName}, and named you as its curriculum contact. Homeroom keeps class rosters in step with education apps, so teachers and students can start using them without manual setup.`,
      "Please confirm your district's details and your own. Someone from Homeroom's district onboarding team will then get in touch to help you get set up, at no cost to the district.",
    ],
    quote: { by: from(s), text: p.message },
    button: { label: "Confirm your district's details", url: p.url },
    footer: "You receive this because a vendor named you as a contact for your district. If you did not expect it, you can ignore it.",
  });
}

type Lead = { id: string; name: string; state: string; website: string; phone: string };

/** What the onboarding team needs to reach a district, in every email they get. */
function leadFacts(d: Lead, c: { name: string; email: string; role: string }, v: { vendorName: string; appName: string }): [string, string][] {
  return [
    ["District", `${d.name} (${d.state}), NCES ${d.id}`],
    ["Website", d.website || "not given"],
    ["Phone", d.phone || "not given"],
    ["Contact", `${c.name}, ${c.role}`],
    ["Contact email", c.email],
    ["Vendor", `${v.vendorName} (${v.appName})`],
  ];
}

export function onboardingTeamEmail(s: Sender, p: {
  district: { id: string; name: string; state: string; website: string; phone: string };
  contact: { name: string; email: string; role: string };
  opsUrl: string;
}): RenderedEmail {
  return renderEmail({
    subject: `New onboarding lead: ${p.district.name} (${p.district.state}) for ${s.appName}`,
    heading: `${p.district.name}, ${p.district.state} wants onboarding`,
    paragraphs: [`${from(s)} invited this Off-Homeroom district to connect ${s.appName}. Please reach out to the curriculum contact.`],
    facts: leadFacts(p.district, p.contact, s),
    button: { label: "Open the onboarding list", url: p.opsUrl },
  });
}

export function onboardedReviewEmail(s: Sender, p: { districtName: string; contactName: string; message: string; url: string }): RenderedEmail {
  return renderEmail({
    subject: `${p.districtName} is on Homeroom: review ${s.appName}'s invitation`,
    heading: `${p.districtName} is now on Homeroom`,
    paragraphs: [
      `Hello ${p.contactName},`,
      `Your district is set up on Homeroom. ${from(s)} is still waiting to connect ${s.appName}: open the invitation to choose what to share, then accept or decline.`,
    ],
    quote: { by: from(s), text: p.message },
    button: { label: "Review the invitation", url: p.url },
  });
}

export function onboardingConfirmedEmail(p: {
  again: boolean;
  vendorName: string;
  appName: string;
  district: { id: string; name: string; state: string; website: string; phone: string };
  contact: { name: string; email: string; role: string };
  opsUrl: string;
}): RenderedEmail {
  return renderEmail({
    subject: `${p.again ? "Details updated" : "Contact confirmed"}: ${p.district.name} (${p.district.state})`,
    heading: `${p.contact.name} ${p.again ? "updated" : "confirmed"} the details of ${p.district.name}`,
    paragraphs: [
      `The curriculum contact ${p.again ? "corrected" : "confirmed"} the district's details from ${p.vendorName}'s invitation for ${p.appName}. They expect to hear from the onboarding team.`,
    ],
    facts: leadFacts(p.district, p.contact, p),
    button: { label: "Open the onboarding list", url: p.opsUrl },
  });
}
