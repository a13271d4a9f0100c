// Requests filed and confirmed through the domain, so each test starts from
// the state it needs; plus readers for what the database holds.
import { eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { accessRequests, connections, emails } from "../../workers/db/schema";
import { confirmRequest } from "../../workers/requests/confirm";
import { fileRequest, type RequestInput } from "../../workers/requests/create";
import { db, type DistrictFixture, type VendorFixture } from "../support/fixtures";

export { env };
export const DAY = 86_400_000;

export function requestInput(vendor: VendorFixture, district: DistrictFixture, over: Partial<RequestInput> = {}): RequestInput {
  return {
    appId: vendor.appId, district: district.id, name: "Robin Requester", email: `robin-${crypto.randomUUID().slice(0, 8)}@district.test`,
    role: "Curriculum director", message: "Our teachers would like to try this.", client: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    ...over,
  };
}

/** Files and confirms a request; returns its id and requester address. */
export async function pendingRequest(vendor: VendorFixture, district: DistrictFixture, now = Date.now()) {
  const filed = await fileRequest(db(), env, requestInput(vendor, district), now);
  await confirmRequest(db(), env, filed.token, now);
  return filed;
}

export const requestRow = (id: string) => db().select().from(accessRequests).where(eq(accessRequests.id, id)).get();
export const connectionRow = (id: string) => db().select().from(connections).where(eq(connections.id, id)).get();
export const mailTo = async (address: string) => (await db().select().from(emails)).filter((m) => (JSON.parse(m.to) as string[]).includes(address));
export const mailOf = (template: string, vendorId: string) =>
  db().select().from(emails).where(eq(emails.vendorId, vendorId)).then((rows) => rows.filter((m) => m.template === template));
