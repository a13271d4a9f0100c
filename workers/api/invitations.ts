// /api/invitations: placeholder route group (invitations work fills it in).
import { createRouter } from "./router";

export const invitationsRoutes = createRouter();
