// /api/bulk: placeholder route group (filled in by the bulk work).
import { createRouter } from "./router";

export const bulkRoutes = createRouter();
