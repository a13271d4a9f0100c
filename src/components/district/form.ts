// Reading the sharing fieldset (SharingFields.astro) out of a posted form.
import { SHARE_MODES, type ShareMode } from "../../../workers/db/schema";
import type { Sharing } from "../../../workers/connections/sharing";

export function sharingFromForm(form: FormData): Sharing {
  const raw = String(form.get("mode") ?? "");
  const mode: ShareMode = (SHARE_MODES as readonly string[]).includes(raw) ? (raw as ShareMode) : "schools";
  const ids = (name: string) => form.getAll(name).map(String).filter((v) => v.length > 0 && v.length <= 64).slice(0, 5000);
  return { mode, schoolIds: ids("schoolIds"), sectionIds: ids("sectionIds") };
}
