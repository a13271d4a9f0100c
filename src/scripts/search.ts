// Results as you type on /districts. Without JavaScript the page is a plain GET
// form; with it, each change (debounced) fetches the same page and swaps its
// #results region, so there is one rendering of results. The URL follows the
// form: a typing burst replaces the current history entry after its first
// step, filters and paging push one, and Back restores the earlier search.
// A live region announces the number of results.

export {};

const DEBOUNCE_MS = 250;
/** A pause this long ends a typing burst: the next keystroke starts a new history entry. */
const BURST_MS = 1500;

const form = document.querySelector<HTMLFormElement>("#district-search");
const liveRegion = document.querySelector<HTMLElement>("#result-status");

function paramsOf(f: HTMLFormElement): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(f)) {
    if (typeof v === "string" && v.trim() !== "") p.set(k, v.trim());
  }
  return p;
}

function fillForm(f: HTMLFormElement, p: URLSearchParams): void {
  const q = f.elements.namedItem("q");
  if (q instanceof HTMLInputElement) q.value = p.get("q") ?? "";
  const state = f.elements.namedItem("state");
  if (state instanceof HTMLSelectElement) state.value = (p.get("state") ?? "").toUpperCase();
  for (const radio of f.querySelectorAll<HTMLInputElement>('input[name="on"]')) radio.checked = radio.value === (p.get("on") ?? "");
}

if (form && liveRegion) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  let lastTyped = 0;

  const load = async (search: string, mode: "push" | "replace" | "none") => {
    controller?.abort();
    controller = new AbortController();
    const url = `/districts${search ? `?${search}` : ""}`;
    try {
      const res = await fetch(url, { signal: controller.signal, headers: { accept: "text/html" } });
      if (res.redirected && new URL(res.url).pathname !== "/districts") {
        window.location.href = url;
        return;
      }
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      const fresh = doc.querySelector("#results");
      const current = document.querySelector("#results");
      if (!fresh || !current) return;
      current.replaceWith(fresh);
      if (mode === "push") history.pushState({ search }, "", url);
      else if (mode === "replace") history.replaceState({ search }, "", url);
      document.title = doc.title;
      liveRegion.textContent = fresh.getAttribute("data-summary") ?? "";
    } catch (err) {
      if ((err as Error).name !== "AbortError") liveRegion.textContent = "Search failed; press Search to try again.";
    }
  };

  const schedule = (mode: "push" | "replace") => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(paramsOf(form).toString(), mode), DEBOUNCE_MS);
  };

  form.addEventListener("input", (event) => {
    const target = event.target as HTMLElement;
    if (target instanceof HTMLInputElement && target.name === "q") {
      const now = Date.now();
      schedule(now - lastTyped > BURST_MS ? "push" : "replace");
      lastTyped = now;
    } else schedule("push");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void load(paramsOf(form).toString(), "push");
  });
  document.addEventListener("click", (event) => {
    const link = (event.target as HTMLElement).closest<HTMLAnchorElement>(".pager a");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    void load(new URL(link.href).searchParams.toString(), "push");
  });
  window.addEventListener("popstate", () => {
    const p = new URLSearchParams(window.location.search);
    fillForm(form, p);
    void load(p.toString(), "none");
  });
}
