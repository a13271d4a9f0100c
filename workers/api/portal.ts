// /api/portal: placeholder route group (district side & clock work fills it in).
import { createRouter } from "./router";

export const portalRoutes = createRouter();
