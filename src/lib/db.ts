// The database for pages, from the Worker's bindings.
import { env } from "cloudflare:workers";
import { getDb } from "../../workers/db/client";

export const db = () => getDb(env.DB);
export { env };
