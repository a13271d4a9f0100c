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

const schemaText = (s: unknown) => e(JSON.stringify(s, null, 2));
const schemaBlock = (s: unknown) => {
  const ref = (s as { $ref?: string } | undefined)?.$ref;
  if (ref) {
    const name = ref.split("/").pop() ?? ref;
    return `<p><a href="#schema-${e(name)}">${e(name)}</a></p>`;
  }
  return `<pre>${schemaText(s)}</pre>`;
};

function operation(method: string, path: string, op: Operation): string {
  const open = Array.isArray(op.security) && op.security.length === 0;
  const params = op.parameters?.length
    ? `<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Required</th><th>Schema</th></tr>${op.parameters
        .map((p) => `<tr><td><code>${e(p.name)}</code></td><td>${e(p.in)}</td><td>${p.required ? "yes" : "no"}</td><td><code>${e(JSON.stringify(p.schema ?? {}))}</code>${p.description ? ` ${e(p.description)}` : ""}</td></tr>`)
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
      const tag = op.tags?.[0] ?? "Other";
      groups.set(tag, [...(groups.get(tag) ?? []), operation(method, path, op)]);
    }
  }
  const toc = [...groups.keys()].map((t) => `<li><a href="#tag-${e(t.replace(/\W+/g, "-"))}">${e(t)}</a></li>`).join("");
  const sections = [...groups].map(([t, ops]) => `<h2 id="tag-${e(t.replace(/\W+/g, "-"))}">${e(t)}</h2>${ops.join("")}`).join("");
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, s]) => `<section class="op" id="schema-${e(name)}"><h3>${e(name)}</h3><pre>${schemaText(s)}</pre></section>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(doc.info.title)} · Homeroom</title>
<style>body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#111827;background:#f9fafb;margin:0}main{max-width:1000px;margin:0 auto;padding:24px}
.op{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 18px;margin:0 0 14px}h3{margin:0 0 6px;font-size:1.05rem}h4{margin:12px 0 4px;font-size:.9rem;color:#4b5563}
.m{display:inline-block;min-width:64px;text-align:center;border-radius:4px;padding:1px 6px;font-size:.8rem;color:#fff;background:#4b5563}.m.get{background:#1d4ed8}.m.post{background:#047857}.m.delete{background:#b91c1c}
pre{background:#f3f4f6;padding:10px;border-radius:6px;overflow:auto;font-size:.8rem;max-height:360px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;font-size:.9rem}
.open{font-size:.75rem;border:1px solid #a7f3d0;background:#ecfdf5;color:#047857;border-radius:999px;padding:0 8px}.d{color:#4b5563}</style></head>
<body><main><h1>${e(doc.info.title)} <small>${e(doc.info.version)}</small></h1><p>${e(doc.info.description ?? "")}</p>
<p>Send <code>Authorization: Bearer &lt;API key&gt;</code> on every request (create keys under Settings; locally, try <code>hr_demo_local_key</code>). Errors always look like <code>{"error":{"code":"...","message":"...","fields":{...}}}</code>. The machine-readable document is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<nav><ul>${toc}<li><a href="#schemas">Schemas</a></li></ul></nav>${sections}<h2 id="schemas">Schemas</h2>${schemas}</main></body></html>`;
}
