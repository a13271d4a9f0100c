// Guards the checks of a bulk upload: each row is checked like a single
// invitation (unknown district, bad email, past launch date), plus duplicates
// within the file and districts already invited; Off-Homeroom rows are skipped;
// and an upload sends nothing: no invitation, no email.
import { describe, expect, it } from "vitest";
import { createImport } from "../../workers/bulk/check";
import { getImport } from "../../workers/bulk/read";
import { createInvitation } from "../../workers/invitations/create";
import { env } from "cloudflare:workers";
import { createDistrict, createVendor, db } from "../support/fixtures";
import { connectBody, emailsOfVendor, invitationsOf, sessionActor } from "../invitations/helpers";
import { rowsOf, sheet } from "./helpers";

const T = Date.UTC(2027, 2, 10, 17, 0);

describe("checking an uploaded sheet", () => {
  it("marks each row ready or names the problem beside its column, and sends nothing", async () => {
    const v = await createVendor();
    const [a, b, invited, off] = [await createDistrict(), await createDistrict(), await createDistrict(), await createDistrict({ onHomeroom: false })];
    await createInvitation(db(), env, sessionActor(v), connectBody(invited), T);
    const csv = sheet([
      `${a.id},Pat Principal,pat@a.test,"ana@a.test; bo@a.test",2027-09-01,"Hello, from us"`,
      `9999999,Nobody,nobody@x.test,,,`,
      `${b.id},Sam,not-an-email,,,`,
      `${b.id},Sam Again,sam@b.test,ok@b.test;bad@,2027-03-01,`,
      `${a.id},Pat Twice,pat2@a.test,,,`,
      `${invited.id},Ivy,ivy@i.test,,,`,
      `${off.id},Olu,olu@o.test,,,`,
      `,,,,,`,
    ]);
    const id = await createImport(db(), sessionActor(v), { csv, fileName: "districts.csv" }, T);
    const view = await getImport(db(), v.appId, id);
    expect(view.status).toBe("checked");
    expect(view.counts).toMatchObject({ total: 7, ready: 1, invalid: 5, skipped: 1, sent: 0 });
    const byRow = new Map(view.rows.map((r) => [r.rowNumber, r]));
    expect(byRow.get(1)).toMatchObject({ status: "valid", errors: {}, district: { id: a.id, name: a.name, state: a.state } });
    expect(byRow.get(2)).toMatchObject({ status: "invalid", district: null, errors: { nces_id: 'No district has the NCES ID "9999999"' } });
    expect(byRow.get(3)!.errors).toEqual({ contact_email: "Contact email is not a valid email address" });
    // Row 4 is b's first valid-looking district mention after row 3, so it is the duplicate of row 3.
    expect(byRow.get(4)!.errors).toMatchObject({
      nces_id: `Row 3 already invites ${b.name} (${b.state})`,
      additional_emails: '"bad@" is not a valid email address',
      launch_date: expect.stringMatching(/^Launch date is in the past: it is already March 10, 2027/),
    });
    expect(byRow.get(5)!.errors.nces_id).toBe(`Row 1 already invites ${a.name} (${a.state})`);
    expect(byRow.get(6)!.errors.nces_id).toBe(`${invited.name} (${invited.state}) already has a pending invitation from this app`);
    expect(byRow.get(7)).toMatchObject({ status: "skipped", errors: { nces_id: expect.stringContaining("not on Homeroom yet") } });
    // Nothing was sent: only the one invitation made above, and its one email.
    expect(await invitationsOf(v.appId)).toHaveLength(1);
    expect(await emailsOfVendor(v.vendorId)).toHaveLength(1);
    expect((await rowsOf(id)).map((r) => r.status)).toEqual(["valid", "invalid", "invalid", "invalid", "invalid", "invalid", "skipped"]);
  });

  it("checks and stores a file of the largest size allowed (2,000 rows)", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const rows = Array.from({ length: 2000 }, (_, i) => (i === 0 ? `${d.id},Pat,pat@d.test,,,` : `${9_000_000 + i},Contact ${i},c${i}@d.test,,,`));
    const id = await createImport(db(), sessionActor(v), { csv: sheet(rows) }, T);
    expect((await getImport(db(), v.appId, id, false)).counts).toMatchObject({ total: 2000, ready: 1, invalid: 1999 });
    expect(await rowsOf(id)).toHaveLength(2000);
  });

  it("refuses a file it cannot read, storing nothing", async () => {
    const v = await createVendor();
    await expect(createImport(db(), sessionActor(v), { csv: "hello" }, T)).rejects.toMatchObject({ code: "validation_failed", fields: { csv: expect.stringMatching(/first line/) } });
  });
});
