// /api/requests: placeholder route group (filled in by the requests work).
import { createRouter } from "./router";

export const requestsRoutes = createRouter();
