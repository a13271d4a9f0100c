// Test data that each test creates for itself: unique ids and names, so tests
// never depend on each other or on their order.
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getDb, type Database } from "../../workers/db/client";
import { apiKeys, appFields, apps, districtCoverage, districts, districtSync, schools, sections, sessions, users, vendors, type SyncStatus } from "../../workers/db/schema";
import { randomToken, sha256Hex } from "../../workers/lib/crypto";

export const db = (): Database => getDb(env.DB);
const rnd = (n: number) => Math.floor(Math.random() * n);
export const uniq = () => crypto.randomUUID().slice(0, 8);

export interface VendorFixture {
  vendorId: string;
  appId: string;
  userId: string;
  email: string;
  apiKey: string;
  sessionToken: string;
  /** Headers for the API as this vendor (Bearer key). */
  auth: Record<string, string>;
}

export async function createVendor(opts: { name?: string; fields?: string[]; now?: number } = {}): Promise<VendorFixture> {
  const now = opts.now ?? Date.now();
  const d = db();
  const vendorId = crypto.randomUUID();
  const appId = crypto.randomUUID();
  const userId = crypto.randomUUID();
  const email = `user-${uniq()}@vendor.test`;
  const apiKey = `hr_test_${randomToken(24)}`;
  const sessionToken = randomToken();
  const fields = opts.fields ?? ["student.email", "student.grade", "teacher.email", "section.subject"];
  await d.batch([
    d.insert(vendors).values({ id: vendorId, name: opts.name ?? `Vendor ${uniq()}`, createdAt: now }),
    d.insert(apps).values({ id: appId, vendorId, name: `App ${uniq()}`, createdAt: now }),
    d.insert(users).values({ id: userId, vendorId, email, name: "Test User", role: "vendor", createdAt: now }),
    d.insert(apiKeys).values({ vendorId, appId, name: "test", prefix: apiKey.slice(0, 12), keyHash: await sha256Hex(apiKey), createdAt: now }),
    d.insert(sessions).values({ tokenHash: await sha256Hex(sessionToken), userId, appId, createdAt: now, lastSeenAt: now, expiresAt: now + 86_400_000 }),
    ...fields.map((field) => d.insert(appFields).values({ appId, field })),
  ]);
  return { vendorId, appId, userId, email, apiKey, sessionToken, auth: { authorization: `Bearer ${apiKey}` } };
}

export interface DistrictFixture {
  id: string;
  name: string;
  state: string;
  schoolIds: string[];
  /** Section ids per school id. */
  sectionIds: Record<string, string[]>;
}

export async function createDistrict(opts: {
  name?: string;
  state?: string;
  city?: string;
  onHomeroom?: boolean;
  students?: number | null;
  schools?: number;
  sectionsPerSchool?: number;
  syncStatus?: SyncStatus;
  coverage?: Record<string, number>;
  timeZoneOverride?: string | null;
  searchRank?: number;
} = {}): Promise<DistrictFixture> {
  const d = db();
  const id = String(1_000_000 + rnd(8_999_999)).padStart(7, "0");
  const name = opts.name ?? `Test ${uniq()} School District`;
  const state = opts.state ?? "CA";
  const onHomeroom = opts.onHomeroom ?? true;
  const schoolCount = opts.schools ?? 3;
  const stmts = [];
  const schoolIds: string[] = [];
  const sectionIds: Record<string, string[]> = {};
  stmts.push(
    d.insert(districts).values({
      id, name, nameKey: name.toLowerCase(), state, city: opts.city ?? "Testville", onHomeroom,
      students: opts.students === undefined ? 1000 : opts.students, schoolCount, lowGrade: "KG", highGrade: "12",
      timeZoneOverride: opts.timeZoneOverride ?? null, searchRank: opts.searchRank ?? 1_000_000 + rnd(1_000_000_000),
    }),
  );
  for (let s = 0; s < schoolCount; s++) {
    const schoolId = `${id}${String(s + 1).padStart(5, "0")}`;
    schoolIds.push(schoolId);
    stmts.push(d.insert(schools).values({ id: schoolId, districtId: id, name: `School ${s + 1} of ${name}`, city: "Testville", state }));
    sectionIds[schoolId] = [];
    for (let k = 0; k < (opts.sectionsPerSchool ?? (onHomeroom ? 2 : 0)); k++) {
      const sectionId = `${schoolId}-${k + 1}`;
      sectionIds[schoolId].push(sectionId);
      stmts.push(d.insert(sections).values({ id: sectionId, schoolId, districtId: id, name: `Section ${k + 1}`, subject: k % 2 ? "Math" : "English", grade: "05", term: "Fall", teacherName: `Teacher ${k + 1}`, teacherEmail: `t${k + 1}@district.test`, studentCount: 25 }));
    }
  }
  if (onHomeroom) {
    stmts.push(d.insert(districtSync).values({ districtId: id, status: opts.syncStatus ?? "up_to_date", owner: "homeroom", lastSyncAt: Date.now() }));
    for (const [field, coverage] of Object.entries(opts.coverage ?? { "student.email": 0.99, "student.grade": 1, "teacher.email": 0.97, "section.subject": 0.9 })) {
      stmts.push(d.insert(districtCoverage).values({ districtId: id, field, coverage, records: 1000 }));
    }
  }
  const [first, ...rest] = stmts;
  if (first) await d.batch([first, ...rest]);
  return { id, name, state, schoolIds, sectionIds };
}

/** Calls the API in workerd as a client would. */
export function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return SELF.fetch(`http://homeroom.test${path}`, { ...init, headers, body });
}

/** A second (third, ...) app for a vendor, as the app switcher offers. */
export async function addApp(vendorId: string, now = Date.now()): Promise<string> {
  const appId = crypto.randomUUID();
  await db().insert(apps).values({ id: appId, vendorId, name: `App ${uniq()}`, createdAt: now + 1 });
  return appId;
}
