// Guards the inbound request journey through the domain and the API: a district
// contact files a request (confirmation email only to them), confirms it (the
// vendor's team is emailed), and the vendor approves (a connection sharing all
// schools, launch at local midnight, the requester emailed a manage link) or
// rejects (the requester emailed the reason). A double answer decides once.
import { describe, expect, it } from "vitest";
import { confirmRequest, loadConfirm } from "../../workers/requests/confirm";
import { fileRequest } from "../../workers/requests/create";
import { approveRequest, rejectRequest } from "../../workers/requests/decide";
import { localMidnightUtc } from "../../workers/lib/time";
import { launchDue } from "../../workers/launches/jobs";
import { api, createDistrict, createVendor, db } from "../support/fixtures";
import { connectionRow, DAY, env, mailOf, mailTo, pendingRequest, requestInput, requestRow } from "./support";

describe("filing and confirming a request", () => {
  it("writes an unconfirmed request and emails only the requester; confirming makes it pending and emails the vendor's users", async () => {
    const vendor = await createVendor();
    const district = await createDistrict({ onHomeroom: true });
    const now = Date.now();
    const input = requestInput(vendor, district);
    const filed = await fileRequest(db(), env, input, now);
    expect(await requestRow(filed.requestId)).toMatchObject({ status: "unconfirmed", districtId: district.id, requesterEmail: input.email, requesterRole: "Curriculum director" });
    const confirmMail = await mailTo(input.email);
    expect(confirmMail.map((m) => m.template)).toEqual(["request.confirm"]);
    expect(confirmMail[0]?.text).toContain(`/request/confirm/${filed.token}`);
    expect(await mailOf("request.received", vendor.vendorId)).toHaveLength(0);
    // Vendors do not see an unconfirmed request.
    expect((await api(`/api/requests/${filed.requestId}`, { headers: vendor.auth })).status).toBe(404);

    // Opening the link changes nothing.
    expect((await loadConfirm(db(), filed.token, now)).ok).toBe(true);
    expect((await requestRow(filed.requestId))?.status).toBe("unconfirmed");

    await confirmRequest(db(), env, filed.token, now + 1000);
    expect(await requestRow(filed.requestId)).toMatchObject({ status: "pending", confirmedAt: now + 1000 });
    const received = await mailOf("request.received", vendor.vendorId);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.to)).toEqual([vendor.email]);
    expect(received[0]!.text).toContain(`/requests/${filed.requestId}`);
    expect(received[0]!.subject).toContain(district.name);
  });

  it("finds the district by name among On-Homeroom districts", async () => {
    const vendor = await createVendor();
    const name = `Zephyrcreek ${crypto.randomUUID().slice(0, 6)} Unified`;
    const district = await createDistrict({ onHomeroom: true, name });
    const filed = await fileRequest(db(), env, requestInput(vendor, district, { district: name }), Date.now());
    expect(filed.district.id).toBe(district.id);
  });
});

describe("the vendor's answer", () => {
  it("approves with a launch date: a connection sharing all schools, launching at local midnight, and the requester gets a manage link", async () => {
    const vendor = await createVendor();
    const district = await createDistrict({ onHomeroom: true, state: "HI" });
    const filed = await pendingRequest(vendor, district);
    const launchDate = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    const res = await api(`/api/requests/${filed.requestId}/approve`, { method: "POST", headers: vendor.auth, json: { launchDate } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { request: { status: string; connectionId: string; launchDate: string }; connectionId: string; launchedNow: boolean };
    expect(body.request).toMatchObject({ status: "approved", connectionId: body.connectionId, launchDate });
    expect(body.launchedNow).toBe(false);
    const conn = await connectionRow(body.connectionId);
    expect(conn).toMatchObject({
      appId: vendor.appId, districtId: district.id, shareMode: "all", launchDate, launchAt: localMidnightUtc(launchDate, "Pacific/Honolulu"),
      launchedAt: null, contactEmail: filed.email, invitationId: null,
    });
    const approved = (await mailTo(filed.email)).filter((m) => m.template === "request.approved");
    expect(approved).toHaveLength(1);
    expect(approved[0]!.text).toMatch(/\/manage\/\S+/);
    expect(approved[0]!.connectionId).toBe(body.connectionId);
    // The manage link works for the new connection.
    const manage = /\/manage\/(\S+)/.exec(approved[0]!.text)![1]!;
    const page = await api(`/api/connections/${body.connectionId}`, { headers: vendor.auth });
    expect(page.status).toBe(200);
    expect(manage.length).toBeGreaterThan(20);
  });

  it("approves without a date: launched at once", async () => {
    const vendor = await createVendor();
    const district = await createDistrict({ onHomeroom: true });
    const filed = await pendingRequest(vendor, district);
    const now = Date.now();
    const r = await approveRequest(db(), env, { appId: vendor.appId, userId: vendor.userId }, filed.requestId, {}, now);
    expect(r.launchedNow).toBe(true);
    expect(await connectionRow(r.connectionId)).toMatchObject({ launchedAt: now, launchDate: null });
    expect(await requestRow(filed.requestId)).toMatchObject({ status: "approved", decidedBy: `vendor:${vendor.userId}`, decidedAt: now });
  });

  it("rejects with a reason: the requester is emailed it, no connection", async () => {
    const vendor = await createVendor();
    const district = await createDistrict({ onHomeroom: true });
    const filed = await pendingRequest(vendor, district);
    const res = await api(`/api/requests/${filed.requestId}/reject`, { method: "POST", headers: vendor.auth, json: { reason: "We only serve high schools for now." } });
    expect(res.status).toBe(200);
    expect(await requestRow(filed.requestId)).toMatchObject({ status: "rejected", decisionReason: "We only serve high schools for now.", connectionId: null });
    const mail = (await mailTo(filed.email)).filter((m) => m.template === "request.rejected");
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain("We only serve high schools for now.");
    // A second answer is refused.
    const again = await api(`/api/requests/${filed.requestId}/approve`, { method: "POST", headers: vendor.auth, json: {} });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "conflict" } });
  });

  it("decides once when two approvals race: one connection, one email", async () => {
    const vendor = await createVendor();
    const district = await createDistrict({ onHomeroom: true });
    const filed = await pendingRequest(vendor, district);
    const actor = { appId: vendor.appId, userId: vendor.userId };
    const results = await Promise.allSettled([
      approveRequest(db(), env, actor, filed.requestId, {}, Date.now()),
      approveRequest(db(), env, actor, filed.requestId, {}, Date.now()),
      rejectRequest(db(), env, actor, filed.requestId, { reason: "no" }, Date.now()),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const list = (await api(`/api/connections?q=${district.id}`, { headers: vendor.auth }).then((r) => r.json())) as { total: number };
    const row = await requestRow(filed.requestId);
    expect(list.total).toBe(row?.status === "approved" ? 1 : 0);
    const answers = (await mailTo(filed.email)).filter((m) => m.template === "request.approved" || m.template === "request.rejected");
    expect(answers).toHaveLength(1);
  });

  it("refuses approval when the app is already connected to the district", async () => {
    const vendor = await createVendor();
    const district = await createDistrict({ onHomeroom: true });
    const first = await pendingRequest(vendor, district);
    await approveRequest(db(), env, { appId: vendor.appId, userId: null }, first.requestId, {}, Date.now());
    // A request can't even be filed now...
    await expect(fileRequest(db(), env, requestInput(vendor, district), Date.now())).rejects.toMatchObject({ code: "conflict" });
  });

  it("lists pending first with counts per status, filtered by status", async () => {
    const vendor = await createVendor();
    const [a, b, c] = await Promise.all([createDistrict(), createDistrict(), createDistrict()]);
    const now = Date.now();
    const ra = await pendingRequest(vendor, a!, now - 3000);
    const rb = await pendingRequest(vendor, b!, now - 2000);
    await pendingRequest(vendor, c!, now - 1000);
    await rejectRequest(db(), env, { appId: vendor.appId, userId: null }, rb.requestId, {}, now);
    const all = (await (await api("/api/requests", { headers: vendor.auth })).json()) as { requests: { id: string; status: string }[]; counts: Record<string, number> };
    expect(all.counts).toEqual({ pending: 2, approved: 0, rejected: 1, all: 3 });
    expect(all.requests.map((r) => r.status)).toEqual(["pending", "pending", "rejected"]);
    const rejected = (await (await api("/api/requests?status=rejected", { headers: vendor.auth })).json()) as { requests: { id: string }[] };
    expect(rejected.requests.map((r) => r.id)).toEqual([rb.requestId]);
    expect(all.requests.map((r) => r.id)).toContain(ra.requestId);
  });

  it("is launched by the clock at local midnight of the launch date, and the requester is told", async () => {
    const vendor = await createVendor();
    const district = await createDistrict({ onHomeroom: true, state: "AK" });
    const filed = await pendingRequest(vendor, district);
    const launchDate = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    const r = await approveRequest(db(), env, { appId: vendor.appId, userId: vendor.userId }, filed.requestId, { launchDate }, Date.now());
    const at = localMidnightUtc(launchDate, "America/Anchorage");
    await launchDue(db(), env, at - 60_000);
    expect((await connectionRow(r.connectionId))?.launchedAt).toBeNull();
    await launchDue(db(), env, at + 60_000);
    expect((await connectionRow(r.connectionId))?.launchedAt).toBe(at + 60_000);
    expect((await mailTo(filed.email)).map((m) => m.template)).toContain("connection.launched_district");
  });
});
