// /api/connections: placeholder route group (district side & clock work fills it in).
import { createRouter } from "./router";

export const connectionsRoutes = createRouter();
