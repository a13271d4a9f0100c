// The benchmark's searches, drawn deterministically from the real directory:
// whole names, names typed letter by letter (every keystroke is a search),
// names with a state code or state name after them, and NCES ids.
import { readFileSync } from "node:fs";
import { csvRecords } from "../scripts/lib/csv.ts";
import { NCES_DIR } from "../scripts/lib/directory.ts";
import { rngFor } from "../scripts/lib/prng.ts";
import { STATES } from "../workers/districts/states.ts";

export interface BenchQuery {
  kind: "whole" | "typed" | "with-state" | "state-name" | "id" | "on-filter";
  q: string;
  /** Extra query-string parameters (filters). */
  params?: Record<string, string>;
}

export function benchQueries(): BenchQuery[] {
  const rows = csvRecords(readFileSync(`${NCES_DIR}/districts.csv`, "utf8"));
  const rng = rngFor("bench");
  const sample = () => rows[Math.floor(rng.next() * rows.length)] ?? { name: "Springfield", state: "IL", lea_id: "0100005" };
  const out: BenchQuery[] = [];
  for (let i = 0; i < 60; i++) out.push({ kind: "whole", q: sample().name ?? "" });
  // Typed letter by letter: every prefix of the first 1-2 words.
  for (let i = 0; i < 12; i++) {
    const name = (sample().name ?? "").split(/\s+/).slice(0, 2).join(" ");
    for (let n = 1; n <= name.length; n++) if (name[n - 1] !== " ") out.push({ kind: "typed", q: name.slice(0, n) });
  }
  for (const typed of ["springfield", "albertville", "new york", "los angeles"]) {
    for (let n = 1; n <= typed.length; n++) out.push({ kind: "typed", q: typed.slice(0, n) });
  }
  for (let i = 0; i < 40; i++) {
    const r = sample();
    const first = (r.name ?? "").split(/\s+/)[0] ?? "";
    out.push({ kind: "with-state", q: `${first} ${(r.state ?? "").toLowerCase()}` });
  }
  for (let i = 0; i < 20; i++) {
    const r = sample();
    out.push({ kind: "state-name", q: `${(r.name ?? "").split(/\s+/).slice(0, 2).join(" ")}, ${STATES[r.state ?? ""] ?? ""}` });
  }
  for (const q of ["springfield il", "Springfield, Illinois", "new york", "school district", "county", "city schools ca"]) out.push({ kind: "with-state", q });
  for (let i = 0; i < 20; i++) out.push({ kind: "id", q: sample().lea_id ?? "0100005" });
  // A vendor narrowing to On-Homeroom districts while typing: every row then carries a compatibility score.
  for (const typed of ["sa", "s", "c", "lake", "county"]) out.push({ kind: "on-filter", q: typed, params: { on: "on" } });
  for (const [q, state] of [["s", "CA"], ["c", "TX"], ["union", "NJ"]] as const) out.push({ kind: "on-filter", q, params: { on: "on", state } });
  return out.filter((b) => b.q.trim().length > 0);
}
