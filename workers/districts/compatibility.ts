// Data compatibility: for each roster field an app needs, the share of the
// district's active records carrying a valid value, and one overall score (the
// mean coverage, 0-100). Unknown (null) for Off-Homeroom districts.
import { fieldLabel, MISSING_BELOW, OK_AT } from "./fields";

export type FieldStatus = "ok" | "partial" | "missing";

export interface FieldCompatibility {
  field: string;
  label: string;
  /** 0..1 */
  coverage: number;
  status: FieldStatus;
}

export interface Compatibility {
  score: number;
  fields: FieldCompatibility[];
}

export function fieldStatus(coverage: number): FieldStatus {
  if (coverage >= OK_AT) return "ok";
  if (coverage < MISSING_BELOW) return "missing";
  return "partial";
}

/** Fields the app needs, scored against one district's coverage (absent field = 0). */
export function compatibilityOf(appFields: string[], coverage: ReadonlyMap<string, number>): Compatibility {
  const fields = appFields.map((field) => {
    const c = coverage.get(field) ?? 0;
    return { field, label: fieldLabel(field), coverage: c, status: fieldStatus(c) };
  });
  const score = fields.length === 0 ? 100 : Math.round((100 * fields.reduce((sum, f) => sum + f.coverage, 0)) / fields.length);
  return { score, fields };
}

export interface CoverageRow {
  district_id: string;
  field: string;
  coverage: number;
}

/** The app's required fields. */
export function appFieldsStatement(d1: D1Database, appId: string): D1PreparedStatement {
  return d1.prepare("SELECT field FROM app_fields WHERE app_id = ?1 ORDER BY field").bind(appId);
}

/**
 * Coverage rows of the districts: one primary-key range per district. D1 counts
 * about two rows read per probe of an IN list, so reading each district's whole
 * range (one row per catalog field) costs no more than probing the app's fields,
 * and is bounded by the catalog's size whatever the app declares. Null when there
 * is nothing to read.
 */
export function coverageStatement(d1: D1Database, districtIds: string[], appFields: string[]): D1PreparedStatement | null {
  if (districtIds.length === 0 || appFields.length === 0) return null;
  const ids = districtIds.map((_, i) => `?${i + 1}`).join(",");
  return d1.prepare(`SELECT district_id, field, coverage FROM district_coverage WHERE district_id IN (${ids})`).bind(...districtIds);
}

/** District id -> compatibility, for the districts asked about. */
export function compatibilityFrom(districtIds: string[], appFields: string[], rows: CoverageRow[]): Map<string, Compatibility> {
  const coverage = new Map<string, Map<string, number>>(districtIds.map((id) => [id, new Map()]));
  const wanted = new Set(appFields);
  for (const r of rows) if (wanted.has(r.field)) coverage.get(r.district_id)?.set(r.field, r.coverage);
  return new Map([...coverage].map(([id, cov]) => [id, compatibilityOf(appFields, cov)]));
}

/** One district's compatibility for an app (the district page). */
export async function districtCompatibility(d1: D1Database, appId: string, districtId: string): Promise<Compatibility> {
  const fields = (await appFieldsStatement(d1, appId).all<{ field: string }>()).results.map((r) => r.field);
  const stmt = coverageStatement(d1, [districtId], fields);
  const rows = stmt ? (await stmt.all<CoverageRow>()).results : [];
  return compatibilityFrom([districtId], fields, rows).get(districtId) ?? compatibilityOf(fields, new Map());
}
