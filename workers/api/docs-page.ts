// /api/docs: the OpenAPI document as a readable page, rendered on the server
// (no CDN, no script): operations grouped by tag with parameters, bodies and
// answers, then the named schemas. Every value from the document is escaped.
import { escapeHtml as e } from "../lib/escape";

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

interface Doc {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  [k: string]: unknown;
}

const schemaText = (s: unknown) => e(JSON.stringify(s, null, 2));
const refName = (ref: string) => ref.split("/").pop() ?? ref;
const refLink = (ref: string) => `<a href="#schema-${e(refName(ref))}">${e(refName(ref))}</a>`;

/** "string", "array of Invitation", "one of: a, b" ... as HTML. */
function typeOf(s: JsonSchema): string {
  if (s.$ref) return refLink(s.$ref);
  if (s.enum) return `one of ${s.enum.map((v) => `<code>${e(JSON.stringify(v))}</code>`).join(", ")}`;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map(typeOf).join(" or ");
  const t = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
  if (t === "array" && s.items) return `array of ${typeOf(s.items)}`;
  return e(t);
}

const NOTE_KEYS = ["format", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "default", "example"];
function notes(s: JsonSchema): string {
  const parts = NOTE_KEYS.filter((k) => s[k] !== undefined).map((k) => `${k} <code>${e(JSON.stringify(s[k]))}</code>`);
  if (s.description) parts.unshift(e(s.description));
  return parts.join("; ");
}

/** One row per field, nested objects and arrays of objects as dotted names. */
function fieldRows(s: JsonSchema, prefix: string, depth: number): string {
  const req = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {})
    .map(([name, f]) => {
      const full = `${prefix}${name}`;
      const inner = f.type === "array" && f.items?.properties ? f.items : f.properties ? f : null;
      const nested = inner && depth < 4 ? fieldRows(inner, `${full}${inner === f ? "." : "[]."}`, depth + 1) : "";
      return `<tr><td><code>${e(full)}</code></td><td>${typeOf(f)}</td><td>${req.has(name) ? "yes" : "no"}</td><td>${notes(f)}</td></tr>${nested}`;
    })
    .join("");
}

/** A schema as a readable table of fields, with the raw JSON Schema a click away. */
function schemaBlock(raw: unknown): string {
  const s = (raw ?? {}) as JsonSchema;
  if (s.$ref) return `<p>${refLink(s.$ref)}</p>`;
  const objectLike = s.properties ? s : s.type === "array" && s.items?.properties ? s.items : null;
  if (!objectLike) return `<p>${typeOf(s)}${notes(s) ? ` (${notes(s)})` : ""}</p>`;
  const lead = objectLike === s ? "" : "<p>An array; each item:</p>";
  return `${lead}<table class="fields"><tr><th>Field</th><th>Type</th><th>Required</th><th>Notes</th></tr>${fieldRows(objectLike, "", 0)}</table><details><summary>JSON Schema</summary><pre>${schemaText(s)}</pre></details>`;
}

/** Routes declared without a tag are grouped by their first path segment. */
const tagOf = (path: string, op: Operation) => {
  const first = op.tags?.[0];
  if (first) return first;
  const seg = path.split("/").filter(Boolean)[1] ?? "other";
  return seg.charAt(0).toUpperCase() + seg.slice(1);
};

function operation(method: string, path: string, op: Operation): string {
  const open = Array.isArray(op.security) && op.security.length === 0;
  const params = op.parameters?.length
    ? `<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Required</th><th>Type</th><th>Notes</th></tr>${op.parameters
        .map((p) => {
          const ps = (p.schema ?? {}) as JsonSchema;
          const note = [p.description && p.description !== ps.description ? e(p.description) : "", notes(ps)].filter(Boolean).join("; ");
          return `<tr><td><code>${e(p.name)}</code></td><td>${e(p.in)}</td><td>${p.required ? "yes" : "no"}</td><td>${typeOf(ps)}</td><td>${note}</td></tr>`;
        })
        .join("")}</table>`
    : "";
  const body = op.requestBody?.content?.["application/json"]?.schema;
  const responses = Object.entries(op.responses ?? {})
    .map(([code, r]) => {
      const s = r.content?.["application/json"]?.schema;
      return `<li><strong>${e(code)}</strong> ${e(r.description ?? "")}${s ? schemaBlock(s) : ""}</li>`;
    })
    .join("");
  const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, "-");
  return `<section class="op" id="${e(id)}"><h3><span class="m ${e(method)}">${e(method.toUpperCase())}</span> <code>${e(path)}</code></h3>
<p>${e(op.summary ?? "")}${open ? ' <span class="open">no credentials</span>' : ""}</p>${op.description ? `<p class="d">${e(op.description)}</p>` : ""}
${params}${body ? `<h4>Request body (JSON)</h4>${schemaBlock(body)}` : ""}<h4>Answers</h4><ul>${responses}</ul></section>`;
}

export function renderDocsPage(doc: Doc): string {
  const groups = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = tagOf(path, op);
      groups.set(tag, [...(groups.get(tag) ?? []), operation(method, path, op)]);
    }
  }
  const toc = [...groups.keys()].map((t) => `<li><a href="#tag-${e(t.replace(/\W+/g, "-"))}">${e(t)}</a></li>`).join("");
  const sections = [...groups].map(([t, ops]) => `<h2 id="tag-${e(t.replace(/\W+/g, "-"))}">${e(t)}</h2>${ops.join("")}`).join("");
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, s]) => `<section class="op" id="schema-${e(name)}"><h3>${e(name)}</h3>${schemaBlock(s)}</section>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(doc.info.title)} · Homeroom</title>
<style>body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#111827;background:#f9fafb;margin:0}main{max-width:1000px;margin:0 auto;padding:24px}
.op{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 18px;margin:0 0 14px}h3{margin:0 0 6px;font-size:1.05rem}h4{margin:12px 0 4px;font-size:.9rem;color:#4b5563}
.m{display:inline-block;min-width:64px;text-align:center;border-radius:4px;padding:1px 6px;font-size:.8rem;color:#fff;background:#4b5563}.m.get{background:#1d4ed8}.m.post{background:#047857}.m.delete{background:#b91c1c}
pre{background:#f3f4f6;padding:10px;border-radius:6px;overflow:auto;font-size:.8rem;max-height:360px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;font-size:.9rem}
table.fields code{font-size:.82rem}details summary{cursor:pointer;color:#4b5563;font-size:.85rem;margin:6px 0}
.open{font-size:.75rem;border:1px solid #a7f3d0;background:#ecfdf5;color:#047857;border-radius:999px;padding:0 8px}.d{color:#4b5563}</style></head>
<body><main><h1>${e(doc.info.title)} <small>${e(doc.info.version)}</small></h1><p>${e(doc.info.description ?? "")}</p>
<p>Send <code>Authorization: Bearer &lt;API key&gt;</code> on every request (create keys under Settings; locally, try <code>hr_demo_local_key</code>). Errors always look like <code>{"error":{"code":"...","message":"...","fields":{...}}}</code>. The machine-readable document is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<nav><ul>${toc}<li><a href="#schemas">Schemas</a></li></ul></nav>${sections}<h2 id="schemas">Schemas</h2>${schemas}</main></body></html>`;
}
