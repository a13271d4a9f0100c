// SQL text for bulk loads through `wrangler d1 execute --file`: literal quoting
// and multi-row INSERTs kept well under D1's 100 KB statement limit.

export type SqlValue = string | number | null | boolean;

export function lit(v: SqlValue): string {
  if (v === null) return "NULL";
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "NULL";
  return `'${v.replace(/'/g, "''")}'`;
}

const MAX_STATEMENT = 90_000;

/** INSERT statements for many rows, each statement below the size limit. */
export function insertRows(verb: string, table: string, columns: string[], rows: SqlValue[][]): string[] {
  const head = `${verb} INTO ${table} (${columns.join(", ")}) VALUES\n`;
  const out: string[] = [];
  let parts: string[] = [];
  let size = head.length;
  for (const row of rows) {
    const tuple = `(${row.map(lit).join(", ")})`;
    if (parts.length > 0 && size + tuple.length + 2 > MAX_STATEMENT) {
      out.push(head + parts.join(",\n") + ";");
      parts = [];
      size = head.length;
    }
    parts.push(tuple);
    size += tuple.length + 2;
  }
  if (parts.length > 0) out.push(head + parts.join(",\n") + ";");
  return out;
}
