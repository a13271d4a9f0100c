// Guards the invite page's mapping from form fields to the API's input: the
// same rules apply to both, unticking every school means "none suggested", and
// sections count only when "Specify which sections" is ticked.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createInvitation } from "../../workers/invitations/create";
import { connectInputFromForm, formErrors, inviteFormData } from "../../workers/invitations/form";
import { AppError } from "../../workers/lib/errors";
import { createDistrict, createVendor, db } from "../support/fixtures";
import { sessionActor } from "./helpers";

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe("invite form mapping", () => {
  it("reads contacts, splits additional emails, and ignores sections unless asked", () => {
    const input = connectInputFromForm(form([
      ["primaryContact.name", "Pat"], ["primaryContact.email", "pat@d.test"], ["additionalEmails", "a@d.test, b@d.test\nc@d.test"],
      ["message", "Hi"], ["launchDate", ""], ["schoolIds", "s1"], ["sectionIds", "x1"],
    ]), "0000001");
    expect(input).toMatchObject({ additionalEmails: ["a@d.test", "b@d.test", "c@d.test"], launchDate: null, schoolIds: ["s1"], sectionIds: [] });
    expect(connectInputFromForm(form([["specifySections", "on"], ["sectionIds", "x1"]]), "1").sectionIds).toEqual(["x1"]);
    expect(connectInputFromForm(form([]), "1").schoolIds).toEqual([]);
  });

  it("puts a bad additional email's error beside the additional emails box", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const input = connectInputFromForm(form([["primaryContact.name", "Pat"], ["primaryContact.email", "pat@d.test"], ["additionalEmails", "ok@d.test nope"], ["schoolIds", d.schoolIds[0]!]]), d.id);
    const err = await createInvitation(db(), env, sessionActor(v), input, Date.now()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(formErrors((err as AppError).fields)).toEqual({ additionalEmails: '"nope" is not a valid email address' });
  });

  it("offers the district's schools and sections, the default message and today's date in its zone", async () => {
    const v = await createVendor();
    const d = await createDistrict({ schools: 2, sectionsPerSchool: 3, state: "AZ" });
    const data = await inviteFormData(db(), sessionActor(v), d.id, Date.UTC(2027, 0, 1, 5));
    expect(data.schools.map((s) => s.sections.length)).toEqual([3, 3]);
    expect(data.districtTimeZone).toBe("America/Phoenix");
    expect(data.districtToday).toBe("2026-12-31");
    expect(data.defaultMessage).toContain(d.name);
    expect(data.nonce.length).toBeGreaterThan(16);
  });
});
