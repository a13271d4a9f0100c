// Guards sending invitations through the API: what is written (invitation,
// proposal, timeline, token, emails), the 400 naming each bad field, and that
// nothing at all is written when a request is refused.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invitationSchools, invitationSections, onboardings } from "../../workers/db/schema";
import { dateIn } from "../../workers/lib/time";
import { checkToken } from "../../workers/lib/tokens";
import { api, createDistrict, createVendor, db } from "../support/fixtures";
import { connectBody, emailsOf, eventsOf, invitationsOf, onboardingBody, tokenIn } from "./helpers";

const post = (auth: Record<string, string>, json: unknown, headers: Record<string, string> = {}) =>
  api("/api/invitations", { method: "POST", headers: { ...auth, ...headers }, json });

describe("POST /api/invitations (connect)", () => {
  it("creates a pending invitation with its schools, sections, timeline, review token and one email", async () => {
    const v = await createVendor();
    const d = await createDistrict({ schools: 3 });
    const [s1, s2] = d.schoolIds;
    const sec = d.sectionIds[s1!]![0]!;
    const res = await post(v.auth, connectBody(d, {
      additionalEmails: ["Second@District.test", "second@district.test", " third@district.test "],
      launchDate: "2099-09-01", schoolIds: [s1, s2], sectionIds: [sec], message: "Hi <script>alert(1)</script>",
    }));
    expect(res.status).toBe(201);
    const inv = (await res.json()) as { id: string; status: string; kind: string; launchDate: string; shareMode: string; additionalEmails: string[]; createdAt: string; districtId: string };
    expect(inv).toMatchObject({ status: "pending", kind: "connect", launchDate: "2099-09-01", shareMode: "sections", districtId: d.id });
    expect(inv.additionalEmails).toEqual(["second@district.test", "third@district.test"]);
    expect(Date.parse(inv.createdAt)).toBeGreaterThan(0);

    const schoolRows = await db().select().from(invitationSchools).where(eq(invitationSchools.invitationId, inv.id)).all();
    expect(schoolRows.map((r) => r.schoolId).sort()).toEqual([s1, s2].sort());
    const sectionRows = await db().select().from(invitationSections).where(eq(invitationSections.invitationId, inv.id)).all();
    expect(sectionRows.map((r) => r.sectionId)).toEqual([sec]);
    expect((await eventsOf(inv.id)).map((e) => e.type).sort()).toEqual(["created", "emailed"]);

    const mail = await emailsOf(inv.id);
    expect(mail).toHaveLength(1);
    const m = mail[0]!;
    expect(JSON.parse(m.to)).toEqual([`pat-${d.id}@district.test`, "second@district.test", "third@district.test"]);
    expect(JSON.parse(m.cc)).toEqual([v.email, env.HOMEROOM_TEAM_EMAIL]);
    expect(m.replyTo).toBe(v.email);
    expect(m.vendorId).toBe(v.vendorId);
    // The message is text: escaped in HTML, kept verbatim in the text part.
    expect(m.html).not.toContain("<script>");
    expect(m.html).toContain("&lt;script&gt;");
    expect(m.text).toContain("Hi <script>alert(1)</script>");
    const check = await checkToken(db(), tokenIn(m.text, "/connect/"), "review", Date.now());
    expect(check.ok).toBe(true);
    expect(m.text).toContain(`${env.APP_URL}/connect/`);
  });

  it("defaults to every school, the default message naming app, vendor and district, and no launch date", async () => {
    const v = await createVendor({ name: "Brightline Learning" });
    const d = await createDistrict({ schools: 2 });
    const res = await post(v.auth, { districtId: d.id, primaryContact: { name: "Pat", email: "pat@district.test" } });
    expect(res.status).toBe(201);
    const inv = (await res.json()) as { id: string; shareMode: string; message: string; launchDate: null; schoolIds: string[] };
    expect(inv.shareMode).toBe("all");
    expect(inv.launchDate).toBeNull();
    expect(inv.schoolIds.sort()).toEqual([...d.schoolIds].sort());
    expect(inv.message).toContain("Brightline Learning");
    expect(inv.message).toContain(d.name);
    const [row] = await invitationsOf(v.appId);
    expect(inv.message).toContain((await db().query.apps.findFirst({ where: (a, { eq: e }) => e(a.id, row!.appId) }))!.name);
  });

  it("accepts no schools at all as 'no schools suggested'", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const res = await post(v.auth, connectBody(d, { schoolIds: [] }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ shareMode: "none", schoolIds: [] });
  });

  it("with an API key, copies the vendor's users and the Homeroom team", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const inv = (await (await post(v.auth, connectBody(d))).json()) as { id: string };
    const [m] = await emailsOf(inv.id);
    expect(JSON.parse(m!.cc)).toEqual([v.email, env.HOMEROOM_TEAM_EMAIL]);
    expect(m!.replyTo).toBe(v.email);
    const events = await eventsOf(inv.id);
    expect(events.find((e) => e.type === "created")!.actor).toBe("api");
  });
});

describe("POST /api/invitations: bad input is refused, naming the field, and writes nothing", () => {
  const cases: [string, (d: Awaited<ReturnType<typeof createDistrict>>, other: Awaited<ReturnType<typeof createDistrict>>) => Record<string, unknown>, string][] = [
    ["unknown district", (d) => connectBody(d, { districtId: "9999999x" }), "districtId"],
    ["missing contact name", (d) => connectBody(d, { primaryContact: { name: " ", email: "a@b.test" } }), "primaryContact.name"],
    ["invalid contact email", (d) => connectBody(d, { primaryContact: { name: "A", email: "not-an-email" } }), "primaryContact.email"],
    ["invalid additional email", (d) => connectBody(d, { additionalEmails: ["ok@district.test", "nope@"] }), "additionalEmails.1"],
    ["message too long", (d) => connectBody(d, { message: "x".repeat(4001) }), "message"],
    ["malformed launch date", (d) => connectBody(d, { launchDate: "2027-02-30" }), "launchDate"],
    ["past launch date", (d) => connectBody(d, { launchDate: "2020-01-01" }), "launchDate"],
    ["another district's school", (d, o) => connectBody(d, { schoolIds: [o.schoolIds[0]] }), "schoolIds"],
    ["unknown section", (d) => connectBody(d, { sectionIds: ["nope-1"] }), "sectionIds"],
    ["section outside the chosen schools", (d) => connectBody(d, { schoolIds: [d.schoolIds[0]], sectionIds: [d.sectionIds[d.schoolIds[1]!]![0]] }), "sectionIds"],
    ["unknown kind", (d) => ({ ...connectBody(d), kind: "party" }), "kind"],
  ];
  for (const [name, body, field] of cases) {
    it(`${name} -> 400 on ${field}`, async () => {
      const v = await createVendor();
      const d = await createDistrict();
      const other = await createDistrict();
      const res = await post(v.auth, body(d, other));
      expect(res.status).toBe(400);
      const err = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(err.error.code).toBe("validation_failed");
      expect(Object.keys(err.error.fields)).toContain(field);
      expect(await invitationsOf(v.appId)).toHaveLength(0);
    });
  }

  it("names every bad field at once", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const res = await post(v.auth, connectBody(d, { additionalEmails: ["bad"], launchDate: "2001-01-01", schoolIds: ["x"] }));
    const err = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(err.error.fields).sort()).toEqual(["additionalEmails.0", "launchDate", "schoolIds"]);
  });

  it("takes today in the district's zone but not yesterday", async () => {
    const v = await createVendor();
    const d = await createDistrict({ state: "HI" });
    const today = dateIn("Pacific/Honolulu", Date.now());
    const res = await post(v.auth, connectBody(d, { launchDate: today }));
    expect(res.status).toBe(201);
  });

  it("refuses a connect invitation to an Off-Homeroom district and an onboarding one to an On-Homeroom district", async () => {
    const v = await createVendor();
    const off = await createDistrict({ onHomeroom: false });
    const on = await createDistrict();
    const a = await post(v.auth, connectBody(off));
    expect(a.status).toBe(400);
    expect(((await a.json()) as { error: { fields: object } }).error.fields).toHaveProperty("districtId");
    const b = await post(v.auth, onboardingBody(on));
    expect(b.status).toBe(400);
    expect(((await b.json()) as { error: { fields: object } }).error.fields).toHaveProperty("districtId");
    expect(await invitationsOf(v.appId)).toHaveLength(0);
  });

  it("answers a body that is not JSON, or no body, with 400 (not 500)", async () => {
    const v = await createVendor();
    for (const body of ["{not json", ""]) {
      const res = await api("/api/invitations", { method: "POST", headers: { ...v.auth, "content-type": "application/json" }, body });
      expect(res.status).toBe(400);
      const err = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(err.error.code).toBe("bad_request");
      expect(err.error.fields.body).toMatch(/JSON/);
    }
    expect(await invitationsOf(v.appId)).toHaveLength(0);
  });

  it("explains an unknown kind in words", async () => {
    const v = await createVendor();
    const d = await createDistrict();
    const res = await post(v.auth, { ...connectBody(d), kind: "party" });
    const err = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(err.error.fields.kind).toBe('kind must be "connect" (or omitted) or "onboarding"');
  });

  it("refuses without credentials", async () => {
    const d = await createDistrict();
    const res = await post({}, connectBody(d));
    expect(res.status).toBe(401);
  });
});

describe("POST /api/invitations (onboarding)", () => {
  it("creates the invitation and an onboarding row, emails the contact a /join link and tells the onboarding team", async () => {
    const v = await createVendor();
    const d = await createDistrict({ onHomeroom: false });
    const res = await post(v.auth, onboardingBody(d));
    expect(res.status).toBe(201);
    const inv = (await res.json()) as { id: string; kind: string; status: string; curriculumContact: { role: string } };
    expect(inv).toMatchObject({ kind: "onboarding", status: "pending", curriculumContact: { role: "Curriculum director" } });
    const o = await db().select().from(onboardings).where(eq(onboardings.invitationId, inv.id)).get();
    expect(o).toMatchObject({ status: "new", districtName: d.name, districtWebsite: "https://district.test", contactEmail: `cam-${d.id}@district.test` });
    const mail = await emailsOf(inv.id);
    const contact = mail.find((m) => m.template === "invitation.onboarding")!;
    const team = mail.find((m) => m.template === "onboarding.team")!;
    expect(JSON.parse(contact.to)).toEqual([`cam-${d.id}@district.test`]);
    expect((await checkToken(db(), tokenIn(contact.text, "/join/"), "join", Date.now())).ok).toBe(true);
    expect(JSON.parse(team.to)).toEqual([env.ONBOARDING_TEAM_EMAIL]);
    expect(team.text).toContain(d.name);
  });

  it("requires the curriculum contact's role and a message", async () => {
    const v = await createVendor();
    const d = await createDistrict({ onHomeroom: false });
    const res = await post(v.auth, onboardingBody(d, { curriculumContact: { name: "C", email: "c@d.test", role: "" }, message: "" }));
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(err.error.fields).sort()).toEqual(["curriculumContact.role", "message"]);
  });
});
