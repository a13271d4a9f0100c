// Enhancements for the connect invitation form; the form works without them.
// - "Select all schools" toggles every school checkbox (and follows them).
// - The section picker follows the ticked schools and can be searched by
//   teacher, subject or grade.
// - The launch date shows when the app appears: local midnight in the
//   district's zone, and that moment in the vendor's own zone.
import { formatInstant, isCalendarDate, localMidnightUtc } from "../../workers/lib/time";

const form = document.querySelector<HTMLFormElement>("#invite-form");
if (form) {
  const schoolBoxes = [...form.querySelectorAll<HTMLInputElement>('input[name="schoolIds"]')];
  const selectAll = form.querySelector<HTMLInputElement>("#select-all-schools");
  const specify = form.querySelector<HTMLInputElement>("#specify-sections");
  const picker = form.querySelector<HTMLElement>("#section-picker");
  const search = form.querySelector<HTMLInputElement>("#section-search");

  const syncSelectAll = () => {
    if (!selectAll) return;
    const ticked = schoolBoxes.filter((b) => b.checked).length;
    selectAll.checked = ticked === schoolBoxes.length;
    selectAll.indeterminate = ticked > 0 && ticked < schoolBoxes.length;
  };

  const syncSections = () => {
    if (!picker) return;
    picker.hidden = !specify?.checked;
    const chosen = new Set(schoolBoxes.filter((b) => b.checked).map((b) => b.value));
    const term = (search?.value ?? "").trim().toLowerCase();
    for (const set of picker.querySelectorAll<HTMLFieldSetElement>("fieldset[data-school]")) {
      const inSchool = chosen.has(set.dataset.school ?? "");
      set.hidden = !inSchool;
      set.disabled = !inSchool;
      for (const li of set.querySelectorAll<HTMLLIElement>("li[data-search]")) {
        li.hidden = term !== "" && !term.split(/\s+/).every((word) => (li.dataset.search ?? "").includes(word));
      }
    }
  };

  if (selectAll) {
    selectAll.closest("label")?.removeAttribute("hidden");
    selectAll.addEventListener("change", () => {
      for (const b of schoolBoxes) b.checked = selectAll.checked;
      syncSections();
    });
  }
  for (const b of schoolBoxes) b.addEventListener("change", () => { syncSelectAll(); syncSections(); });
  specify?.addEventListener("change", syncSections);
  if (search) {
    search.closest("div")?.removeAttribute("hidden");
    search.addEventListener("input", syncSections);
  }
  syncSelectAll();
  syncSections();

  const dateInput = form.querySelector<HTMLInputElement>("#launch-date");
  const preview = form.querySelector<HTMLElement>("#launch-preview");
  const districtTz = form.dataset.districtTz ?? "UTC";
  const userTz = form.dataset.userTz ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const showPreview = () => {
    if (!dateInput || !preview) return;
    const value = dateInput.value;
    if (!value) {
      preview.textContent = "No launch date: teachers and students see the app as soon as the district accepts.";
      return;
    }
    if (!isCalendarDate(value)) return;
    const at = localMidnightUtc(value, districtTz);
    preview.textContent = `The app appears at ${formatInstant(at, districtTz)} for the district, which is ${formatInstant(at, userTz)} for you.`;
  };
  dateInput?.addEventListener("input", showPreview);
  dateInput?.addEventListener("change", showPreview);
  if (dateInput?.value) showPreview();
}
