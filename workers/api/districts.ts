// /api/districts: placeholder route group (search work fills it in).
import { createRouter } from "./router";

export const districtsRoutes = createRouter();
