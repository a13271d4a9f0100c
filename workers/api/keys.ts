// /api/keys: placeholder route group (accounts & email work fills it in).
import { createRouter } from "./router";

export const keysRoutes = createRouter();
