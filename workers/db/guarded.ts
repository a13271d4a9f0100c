// Guarded bulk inserts for D1 batches. One statement inserts many rows from a
// single bound JSON array (`json_each(?)`), so a batch stays a handful of
// queries however many rows it writes (D1: 100 bound parameters and 100 KB of
// SQL per statement, 1,000 queries per invocation). The guard makes the insert
// conditional on the state the batch is about to change: placed BEFORE the
// conditional update in the same batch (a D1 batch is one transaction, run
// serially), only the run that changes the state writes the rows. That is how
// a decision, a launch or an expiry writes its emails and events exactly once.
import { sql, type SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Database } from "./client";

export type Row = Record<string, string | number | null>;

/**
 * INSERT INTO table (columns) SELECT ... FROM json_each(rows) j WHERE guard.
 * The guard may refer to a row's values with `col(name)`.
 */
export function insertRowsWhere(
  _db: Database,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  guard: (col: (name: string) => SQL) => SQL = () => sql`1`,
  /** Values carried only for the guard (e.g. the connection a timeline event belongs to). */
  guardKeys: readonly string[] = [],
): SQL {
  const keys = [...columns, ...guardKeys];
  const payload = JSON.stringify(rows.map((r) => keys.map((c) => r[c] ?? null)));
  const col = (name: string) => {
    const i = keys.indexOf(name);
    if (i < 0) throw new Error(`insertRowsWhere: unknown column ${name}`);
    return sql.raw(`json_extract(j.value, '$[${i}]')`);
  };
  const names = sql.raw(columns.map((c) => `"${c}"`).join(", "));
  const values = sql.raw(columns.map((_c, i) => `json_extract(j.value, '$[${i}]')`).join(", "));
  return sql`INSERT INTO ${sql.raw(`"${table}"`)} (${names}) SELECT ${values} FROM json_each(${payload}) j WHERE ${guard(col)}`;
}

const dialect = new SQLiteAsyncDialect();

/**
 * Runs raw statements as one D1 batch (one transaction). Drizzle's own batch
 * cannot carry raw SQL with parameters (drizzle-orm 0.45 looks for a prepared
 * statement that raw queries lack), so these go to the D1 binding directly.
 */
export async function runStatements(db: Database, statements: readonly SQL[]): Promise<D1Result[]> {
  if (statements.length === 0) return [];
  const d1 = db.$client;
  return d1.batch(statements.map((s) => {
    const q = dialect.sqlToQuery(s);
    return d1.prepare(q.sql).bind(...q.params);
  }));
}

/** rows_affected of a raw statement's result inside a batch answer. */
export function changesOf(result: unknown): number {
  const meta = (result as { meta?: { changes?: number } } | undefined)?.meta;
  return meta?.changes ?? 0;
}
