// Words people read for sync statuses, owners and grade spans; shared by the
// pages so the search list and the district page say the same thing.
import type { SyncOwner, SyncStatus } from "../db/schema";

export const SYNC_LABELS: Record<SyncStatus, string> = {
  up_to_date: "Up to date",
  setting_up: "Setting up",
  awaiting_approval: "Awaiting approval",
  errors: "Errors in last sync",
  paused: "Paused",
};

/** The tag class (src/styles/global.css) for a sync status. */
export const SYNC_TONES: Record<SyncStatus, "ok" | "partial" | "missing"> = {
  up_to_date: "ok",
  setting_up: "partial",
  awaiting_approval: "partial",
  errors: "missing",
  paused: "partial",
};

export const OWNER_LABELS: Record<SyncOwner, string> = { district: "the district", homeroom: "Homeroom" };

function grade(g: string): string {
  if (g === "PK") return "Pre-K";
  if (g === "KG") return "K";
  if (g === "UG") return "ungraded";
  if (g === "AE") return "adult education";
  return /^\d+$/.test(g) ? String(Number(g)) : g;
}

export function gradeSpan(low: string | null, high: string | null): string {
  if (!low && !high) return "—";
  if (!low || !high || low === high) return grade((low ?? high) as string);
  return `${grade(low)}–${grade(high)}`;
}
