// Guards the launch job's scale: 10,000 connections due at once are launched in
// one invocation within D1's 1,000-queries limit (counted at the binding), each
// with its two emails and no more.
import { sql } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDb } from "../../workers/db/client";
import { launchDue } from "../../workers/launches/jobs";
import { createVendor, db, uniq } from "../support/fixtures";

/** The D1 binding, counting every statement prepared on it (each query D1 runs is prepared once). */
function countingD1(d1: D1Database) {
  let queries = 0;
  let largestParam = 0;
  const proxy = new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          queries++;
          const stmt = target.prepare(query);
          return new Proxy(stmt, {
            get(s, p) {
              if (p === "bind") {
                return (...args: unknown[]) => {
                  for (const a of args) if (typeof a === "string") largestParam = Math.max(largestParam, a.length);
                  return s.bind(...args);
                };
              }
              const v = Reflect.get(s, p) as unknown;
              return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(s) : v;
            },
          });
        };
      }
      const v = Reflect.get(target, prop) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { d1: proxy, queries: () => queries, largestParam: () => largestParam };
}

describe("10,000 launches in one run", () => {
  it("launches all of them under 1,000 queries, two emails each", { timeout: 180_000 }, async () => {
    const vendor = await createVendor();
    const tag = uniq();
    const N = 10_000;
    const due = Date.UTC(2027, 8, 1, 4); // all due at the same moment
    const d = db();
    // 100 districts x 100 apps of one vendor = 10,000 distinct (app, district) connections.
    const districtIds = Array.from({ length: 100 }, (_, i) => `9${String(i).padStart(2, "0")}${tag.replace(/\D/g, "").padEnd(4, "0").slice(0, 4)}`);
    const appIds = Array.from({ length: 100 }, () => crypto.randomUUID());
    await d.run(sql`INSERT INTO districts (id, name, name_key, state, on_homeroom, search_rank)
      SELECT value, 'Bulk ' || value || ' District', 'bulk ' || value, 'NY', 1, 2000000000 + key FROM json_each(${JSON.stringify(districtIds)})`);
    await d.run(sql`INSERT INTO apps (id, vendor_id, name, created_at) SELECT value, ${vendor.vendorId}, 'Bulk app ' || key, 0 FROM json_each(${JSON.stringify(appIds)})`);
    await d.run(sql`INSERT INTO connections (id, invitation_id, app_id, vendor_id, district_id, share_mode, launch_date, launch_at, contact_email, created_at, updated_at)
      SELECT ${tag} || '-' || a.key || '-' || dd.key, 'inv-' || ${tag} || '-' || a.key || '-' || dd.key, a.value, ${vendor.vendorId}, dd.value, 'all', '2027-09-01', ${due}, 'contact@bulk.test', 0, 0
      FROM json_each(${JSON.stringify(appIds)}) a, json_each(${JSON.stringify(districtIds)}) dd`);
    const mine = sql`vendor_id = ${vendor.vendorId}`;
    expect((await d.get<{ n: number }>(sql`SELECT count(*) AS n FROM connections WHERE ${mine} AND launched_at IS NULL`))?.n).toBe(N);

    const counter = countingD1(env.DB);
    const report = await launchDue(getDb(counter.d1), env, due + 60_000);
    console.log(`launchDue: ${report.launched} launched in ${report.chunks} chunks, ${counter.queries()} queries, largest bound string ${counter.largestParam()} chars`);

    expect(report.launched).toBeGreaterThanOrEqual(N);
    expect(counter.queries()).toBeLessThan(1000);
    expect((await d.get<{ n: number }>(sql`SELECT count(*) AS n FROM connections WHERE ${mine} AND launched_at IS NULL`))?.n).toBe(0);
    const mail = await d.all<{ template: string; n: number }>(sql`SELECT template, count(*) AS n FROM emails WHERE ${mine} AND template LIKE 'connection.launched%' GROUP BY template ORDER BY template`);
    expect(mail).toEqual([{ template: "connection.launched", n: N }, { template: "connection.launched_district", n: N }]);
    const events = await d.get<{ n: number }>(sql`SELECT count(*) AS n FROM invitation_events WHERE invitation_id LIKE ${`inv-${tag}-%`} AND type = 'launched'`);
    expect(events?.n).toBe(N);
  });
});
