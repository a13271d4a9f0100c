// `npm run bench`: the search benchmark (a script, not a test). Seeds the full
// directory into its own local D1 (.wrangler/bench/state), serves the API
// (workers/api-worker.ts, the Astro-free entry) with wrangler dev on :8795,
// runs every search from bench/queries.ts through HTTP as the demo API key,
// and writes bench/results.json: latency (the search inside the Worker, from
// Server-Timing, and the HTTP round trip) and D1 rows read per search (the
// x-rows-read header).
// Hold the e2e lock while it serves: flock /tmp/homeroom-e2e.lock npm run bench
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { benchQueries } from "./queries.ts";

const PORT = process.env.BENCH_PORT ?? "8795";
const BASE = `http://127.0.0.1:${PORT}`;
const DIR = ".wrangler/bench";
const STATE = `${DIR}/state`;
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH ?? ""}` };

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "inherit"], env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

// BENCH_REUSE=1 keeps an already seeded bench database (quicker reruns while tuning).
const reuse = process.env.BENCH_REUSE === "1" && existsSync(STATE);
if (!reuse) rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
const seedStart = Date.now();
if (!reuse) {
  run("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--config", "wrangler.toml", "--persist-to", STATE]);
  run("node", ["scripts/seed.ts", "--persist-to", STATE]);
}
const seedSeconds = reuse ? null : (Date.now() - seedStart) / 1000;

writeFileSync(`${DIR}/wrangler.json`, JSON.stringify({
  name: "homeroom-bench", main: "../../workers/api-worker.ts", compatibility_date: "2026-11-01", compatibility_flags: ["nodejs_compat"],
  d1_databases: [{ binding: "DB", database_name: "homeroom", database_id: "6f1c2a4e-0b1d-4c8e-9a7f-3d2b5e8c1a90" }],
  vars: { APP_URL: BASE, EMAIL_FROM: "Homeroom <bench@homeroom.test>", HOMEROOM_TEAM_EMAIL: "partners@homeroom.test", ONBOARDING_TEAM_EMAIL: "onboarding@homeroom.test" },
}));
const server = spawn("wrangler", ["dev", "--config", `${DIR}/wrangler.json`, "--ip", "127.0.0.1", "--port", PORT, "--persist-to", STATE], { env, detached: true, stdio: "ignore" });

try {
  let up = false;
  for (let i = 0; i < 200 && !up; i++) {
    await sleep(300);
    up = await fetch(`${BASE}/api/openapi.json`).then((r) => r.ok, () => false);
  }
  if (!up) throw new Error("the bench server did not start");
  const headers = { authorization: "Bearer hr_demo_local_key" };
  const search = async (q: string, params: Record<string, string> = {}) => {
    const t0 = performance.now();
    const res = await fetch(`${BASE}/api/districts?${new URLSearchParams({ q, ...params })}`, { headers });
    const body = (await res.json()) as { total?: number; results?: unknown[]; nextCursor?: string | null };
    const ms = performance.now() - t0;
    if (!res.ok) throw new Error(`search "${q}" answered ${res.status}: ${JSON.stringify(body)}`);
    const serverMs = Number(/dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1] ?? NaN);
    return { ms, serverMs, rowsRead: Number(res.headers.get("x-rows-read")), total: body.total ?? 0, next: body.nextCursor ?? null };
  };
  const queries = benchQueries();
  for (const q of queries.slice(0, 40)) await search(q.q); // warm up
  // The floor: an empty query (auth only, no search) measures wrangler dev's own round trip.
  const floor: number[] = [];
  for (let i = 0; i < 50; i++) floor.push((await search("")).ms);
  floor.sort((a, b) => a - b);
  const samples: Array<{ kind: string; q: string; ms: number; serverMs: number; rowsRead: number; total: number }> = [];
  for (const q of queries) {
    const { next: _next, ...r } = await search(q.q, q.params);
    samples.push({ kind: q.kind, q: q.params ? `${q.q} ${new URLSearchParams(q.params)}` : q.q, ...r });
  }
  // Deep pages: follow Next (the keyset cursor) to the last page a search allows; rows read must not grow with depth.
  const deep: Array<{ q: string; pages: number; page1RowsRead: number; rowsReadMax: number; lastPageRowsRead: number }> = [];
  for (const [q, params] of [["school", {}], ["county", {}], ["s", { on: "on" }]] as Array<[string, Record<string, string>]>) {
    const reads: number[] = [];
    let r = await search(q, params);
    reads.push(r.rowsRead);
    for (let page = 2; r.next && page <= 50; page++) {
      r = await search(q, { ...params, page: String(page), after: r.next });
      reads.push(r.rowsRead);
    }
    deep.push({ q: params.on ? `${q} on=${params.on}` : q, pages: reads.length, page1RowsRead: reads[0] ?? 0, rowsReadMax: Math.max(...reads), lastPageRowsRead: reads[reads.length - 1] ?? 0 });
  }

  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const serverMs = samples.map((s) => s.serverMs).sort((a, b) => a - b);
  const rows = samples.map((s) => s.rowsRead);
  const worst = [...samples].sort((a, b) => b.rowsRead - a.rowsRead).slice(0, 5);
  const results = {
    measuredAt: new Date().toISOString(),
    machine: "this checkout's machine; wrangler dev (workerd + local D1) over loopback HTTP, sequential requests, demo API key",
    seedSeconds: seedSeconds === null ? null : round(seedSeconds),
    searches: samples.length,
    note: "p50Ms/p95Ms: the search inside the Worker (Server-Timing around searchDistricts: every D1 statement of the search, compatibility included; not auth or HTTP). roundTrip*: the whole HTTP request through wrangler dev's local proxy, measured in Node; emptyQueryRoundTripP50Ms is that path's floor (auth only, no search). In-Worker times are whole milliseconds (the Workers clock). Each search is one D1 batch (one round trip to D1) unless a state read out of the query finds nothing. deepPages: searches followed page by page with Next (keyset cursor). The machine is shared (load average in loadAverage).",
    loadAverage: loadavg().map((n) => round(n)),
    search: {
      p50Ms: pct(serverMs, 50), p95Ms: pct(serverMs, 95), maxMs: serverMs[serverMs.length - 1] ?? 0,
      roundTripP50Ms: round(pct(ms, 50)), roundTripP95Ms: round(pct(ms, 95)), roundTripMaxMs: round(ms[ms.length - 1] ?? 0),
      emptyQueryRoundTripP50Ms: round(pct(floor, 50)),
      rowsReadMean: round(rows.reduce((a, b) => a + b, 0) / rows.length), rowsReadMax: Math.max(...rows),
    },
    byKind: Object.fromEntries([...new Set(samples.map((s) => s.kind))].map((k) => {
      const ks = samples.filter((s) => s.kind === k);
      return [k, { n: ks.length, rowsReadMax: Math.max(...ks.map((s) => s.rowsRead)), p95Ms: pct(ks.map((s) => s.serverMs).sort((a, b) => a - b), 95), roundTripP95Ms: round(pct(ks.map((s) => s.ms).sort((a, b) => a - b), 95)) }];
    })),
    mostRowsRead: worst.map(({ q, rowsRead, total }) => ({ q, rowsRead, total })),
    deepPages: deep,
    targets: { rowsReadMax: 500, p95Ms: 15 },
  };
  writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");
  const s = results.search;
  console.table({
    "searches": { value: results.searches, target: "≥ 200" },
    "p50 ms (search in Worker)": { value: s.p50Ms, target: "" },
    "p95 ms (search in Worker)": { value: s.p95Ms, target: "≤ 15" },
    "p50 ms (HTTP round trip)": { value: s.roundTripP50Ms, target: "" },
    "p95 ms (HTTP round trip)": { value: s.roundTripP95Ms, target: "≤ 15" },
    "p50 ms (round trip, empty query)": { value: s.emptyQueryRoundTripP50Ms, target: "" },
    "rows read, mean": { value: s.rowsReadMean, target: "" },
    "rows read, max": { value: s.rowsReadMax, target: "≤ 500" },
    "rows read, max over deep pages (Next to page 50)": { value: Math.max(...deep.map((d) => d.rowsReadMax)), target: "≤ 500" },
    "fresh seed + migrations, s": { value: results.seedSeconds, target: "< 60" },
  });
  console.log("Most rows read:", worst.map((w) => `"${w.q}" ${w.rowsRead}`).join(", "));
  console.log("Wrote bench/results.json");
} finally {
  if (server.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
}
