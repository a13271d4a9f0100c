// Running SQL against the project's D1 from Node scripts, the supported way:
// `wrangler d1 execute DB --file`, locally (optionally --persist-to) or --remote.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface D1Target {
  remote: boolean;
  persistTo?: string;
}

/** Reads --remote and --persist-to DIR from argv. */
export function targetFromArgs(argv: string[]): D1Target {
  const i = argv.indexOf("--persist-to");
  const persistTo = i >= 0 ? argv[i + 1] : undefined;
  if (i >= 0 && !persistTo) throw new Error("--persist-to needs a directory");
  return { remote: argv.includes("--remote"), persistTo };
}

const wranglerEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH ?? ""}`,
};

function wranglerArgs(target: D1Target): string[] {
  const args = ["d1", "execute", "DB", "--config", "wrangler.toml", "--yes"];
  if (target.remote) args.push("--remote");
  else {
    args.push("--local");
    if (target.persistTo) args.push("--persist-to", target.persistTo);
  }
  return args;
}

/** Executes SQL statements from one temporary file per chunk of statements. */
export function executeSql(target: D1Target, statements: string[], opts: { chunkBytes?: number; label?: string } = {}): void {
  const dir = mkdtempSync(join(tmpdir(), "homeroom-sql-"));
  const chunkBytes = opts.chunkBytes ?? 40_000_000;
  try {
    let chunk: string[] = [];
    let size = 0;
    let n = 0;
    const flush = () => {
      if (chunk.length === 0) return;
      const file = join(dir, `part-${n++}.sql`);
      writeFileSync(file, chunk.join("\n") + "\n");
      const r = spawnSync("wrangler", [...wranglerArgs(target), "--file", file], { env: wranglerEnv, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`wrangler d1 execute failed (${opts.label ?? "sql"}):\n${r.stdout}\n${r.stderr}`);
      chunk = [];
      size = 0;
    };
    for (const s of statements) {
      chunk.push(s);
      size += s.length;
      if (size >= chunkBytes) flush();
    }
    flush();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one query and returns its rows (small results only). */
export function queryJson<T>(target: D1Target, sql: string): T[] {
  const r = spawnSync("wrangler", [...wranglerArgs(target), "--json", "--command", sql], { env: wranglerEnv, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wrangler d1 execute failed:\n${r.stdout}\n${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as Array<{ results: T[] }>;
  return parsed[0]?.results ?? [];
}
