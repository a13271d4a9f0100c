// `npm test`: the workerd suite, then the end-to-end suite in Chromium against
// the built site served by `wrangler dev` over its own seeded local D1.
// Ends with the plain line "N passed, N failed" that CI reads.
//   node scripts/test.ts              both suites
//   node scripts/test.ts --unit-only  workerd suite only
//   node scripts/test.ts --e2e-only   end-to-end suite only
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const args = new Set(process.argv.slice(2));
const results = ".test-results";
mkdirSync(results, { recursive: true });
const env = {
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: "1",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}`,
};

function run(cmd: string, cmdArgs: string[], extraEnv: Record<string, string> = {}): number {
  console.log(`\n$ ${cmd} ${cmdArgs.join(" ")}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: "inherit", env: { ...env, ...extraEnv } });
  return r.status ?? 1;
}

interface Counts { passed: number; failed: number; skipped: number; ran: boolean }

function counts(file: string): Counts {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0, ran: false };
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numFailedTestSuites: number };
  // A suite that failed to load counts as a failure even if no test inside it ran.
  return { passed: r.numPassedTests, failed: r.numFailedTests + r.numFailedTestSuites, skipped: r.numPendingTests + r.numTodoTests, ran: true };
}

async function waitFor(url: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return true;
    } catch {
      /* not up yet */
    }
    await sleep(300);
  }
  return false;
}

const total: Counts = { passed: 0, failed: 0, skipped: 0, ran: false };
let problems = 0;

if (!args.has("--e2e-only")) {
  rmSync(`${results}/unit.json`, { force: true });
  run("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/unit.json`]);
  const c = counts(`${results}/unit.json`);
  if (!c.ran) problems++;
  Object.assign(total, { passed: total.passed + c.passed, failed: total.failed + c.failed, skipped: total.skipped + c.skipped });
}

if (!args.has("--unit-only")) {
  const port = process.env.E2E_PORT ?? "8788";
  const base = `http://127.0.0.1:${port}`;
  const persist = ".wrangler/e2e-state";
  rmSync(`${results}/e2e.json`, { force: true });
  // A fresh database every run, so e2e tests never meet what an earlier run left behind.
  rmSync(persist, { recursive: true, force: true });
  const prepared =
    run("astro", ["build"]) === 0 &&
    run("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist]) === 0 &&
    run("node", ["scripts/seed.ts", "--persist-to", persist]) === 0;
  if (!prepared) {
    console.error("e2e: could not build, migrate or seed");
    problems++;
  } else {
    console.log(`\n$ wrangler dev --port ${port} (e2e server)`);
    const server = spawn("wrangler", ["dev", "--ip", "127.0.0.1", "--port", port, "--persist-to", persist, "--var", "DEV_MAILBOX:1", "--var", `APP_URL:${base}`], {
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    server.stdout?.on("data", (d: Buffer) => (log += d.toString()));
    server.stderr?.on("data", (d: Buffer) => (log += d.toString()));
    try {
      if (!(await waitFor(`${base}/api/openapi.json`, 60_000))) {
        console.error(`e2e: server did not start\n${log}`);
        problems++;
      } else {
        run("vitest", ["run", "-c", "vitest.e2e.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/e2e.json`], { E2E_BASE_URL: base });
        const c = counts(`${results}/e2e.json`);
        if (!c.ran) problems++;
        Object.assign(total, { passed: total.passed + c.passed, failed: total.failed + c.failed, skipped: total.skipped + c.skipped });
      }
    } finally {
      if (server.pid) {
        try {
          process.kill(-server.pid, "SIGTERM");
        } catch {
          /* already gone */
        }
      }
    }
  }
}

const failed = total.failed + problems;
console.log(`\n${total.passed} passed, ${failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
