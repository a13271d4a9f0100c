// Live progress for a bulk send on /districts/bulk/:id. Polls the import's
// counts (GET /api/bulk-invitations/:id?rows=0) and moves the bar; when the
// import is done it loads the page again (GET), so the table shows each row's invitation.
// Sending itself runs on the server; if nothing moves for a while (the first
// run's time ran out) it asks the server to continue (POST .../send, which
// never sends a row twice). Without JavaScript the page has a refresh link.
export {};

const POLL_MS = 1500;
/** Polls without progress before asking the server to continue. */
const NUDGE_AFTER = 8;

interface Progress {
  status: string;
  counts: { ready: number; sent: number; failed: number; queued: number; waiting: number };
}

const root = document.querySelector<HTMLElement>("#bulk-progress");
const id = root?.dataset.importId;

function text(sel: string, value: string | number) {
  const el = document.querySelector<HTMLElement>(sel);
  if (el) el.textContent = String(value);
}

async function poll(stale: number, last: number): Promise<void> {
  let p: Progress;
  try {
    const res = await fetch(`/api/bulk-invitations/${id}?rows=0`, { headers: { accept: "application/json" }, credentials: "same-origin" });
    if (!res.ok) throw new Error(String(res.status));
    p = (await res.json()) as Progress;
  } catch {
    setTimeout(() => void poll(stale, last), POLL_MS * 2);
    return;
  }
  const done = p.counts.sent + p.counts.failed;
  const bar = document.querySelector<HTMLProgressElement>("#bulk-bar");
  if (bar) { bar.max = p.counts.ready; bar.value = done; bar.textContent = `${done} of ${p.counts.ready}`; }
  text("#bulk-sent", p.counts.sent);
  text("#bulk-failed", p.counts.failed);
  text("#bulk-remaining", p.counts.queued);
  const waiting = document.querySelector<HTMLElement>("#bulk-waiting");
  if (waiting && p.counts.waiting > 0) waiting.hidden = false;
  if (p.status !== "sending") {
    // A GET of this page, never a re-sent form: the page may be the confirm's answer.
    window.location.replace(window.location.pathname);
    return;
  }
  let nextStale = done === last ? stale + 1 : 0;
  if (nextStale >= NUDGE_AFTER && p.counts.waiting < p.counts.queued) {
    nextStale = 0;
    await fetch(`/api/bulk-invitations/${id}/send`, { method: "POST", credentials: "same-origin" }).catch(() => undefined);
  }
  setTimeout(() => void poll(nextStale, done), POLL_MS);
}

if (root && id && root.dataset.status === "sending") {
  void poll(0, -1);
}
