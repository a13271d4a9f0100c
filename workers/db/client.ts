// The one way code gets a database handle: Drizzle over the D1 binding.
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export function getDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

export type Database = ReturnType<typeof getDb>;
/** One statement of a db.batch([...]): every state change and its emails go in one batch. */
export type BatchItem = Parameters<Database["batch"]>[0][number];
