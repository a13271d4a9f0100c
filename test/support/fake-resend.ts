// A fake Resend HTTP API for tests: records every request and answers as told.
// Each test can use its own namespace (a path prefix /ns/<name>) so test files
// running side by side never see each other's mail or scripted failures.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  authorization: string | null;
  body: unknown;
  at: number;
}

/** One scripted answer; consumed in order, then the server answers 200 again. */
export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (the client must time out). */
  hang?: boolean;
}

interface Namespace {
  requests: RecordedRequest[];
  script: ScriptedResponse[];
  /** Idempotency-Key -> ids first returned for it, as Resend replays them. */
  seen: Map<string, unknown>;
  counter: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (data += c));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function validate(email: unknown): string | null {
  if (!email || typeof email !== "object") return "The request body is missing";
  const e = email as Record<string, unknown>;
  if (!e.from) return "Missing `from` field.";
  const to = Array.isArray(e.to) ? e.to : e.to ? [e.to] : [];
  if (to.length === 0) return "Missing `to` field.";
  if (to.length > 50) return "Too many recipients in `to`.";
  if (!e.subject) return "Missing `subject` field.";
  return null;
}

export function startFakeResend(port: number): Promise<Server> {
  const spaces = new Map<string, Namespace>();
  const space = (name: string) => {
    let ns = spaces.get(name);
    if (!ns) spaces.set(name, (ns = { requests: [], script: [], seen: new Map(), counter: 0 }));
    return ns;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const m = /^\/ns\/([^/]+)(\/.*)$/.exec(url.pathname);
    const nsName = m?.[1] ?? "default";
    const path = m?.[2] ?? url.pathname;
    const ns = space(nsName);
    const raw = await readBody(req);

    if (path === "/__requests") return send(res, 200, { requests: ns.requests });
    if (path === "/__script" && req.method === "POST") {
      ns.script.push(...(JSON.parse(raw) as ScriptedResponse[]));
      return send(res, 200, { queued: ns.script.length });
    }
    if (path === "/__reset" && req.method === "POST") {
      spaces.delete(nsName);
      return send(res, 200, { ok: true });
    }

    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      return send(res, 400, { statusCode: 400, name: "invalid_json", message: "Body is not JSON" });
    }
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
    };
    ns.requests.push({ method: req.method ?? "GET", path, idempotencyKey: header("idempotency-key"), authorization: header("authorization"), body, at: Date.now() });

    const scripted = ns.script.shift();
    if (scripted?.hang) return; // leave the socket open; the client's timeout ends it
    if (scripted) return send(res, scripted.status, scripted.body ?? { statusCode: scripted.status, name: "scripted_error", message: `Scripted ${scripted.status}` }, scripted.headers);

    if (req.method !== "POST" || (path !== "/emails" && path !== "/emails/batch")) {
      return send(res, 404, { statusCode: 404, name: "not_found", message: `No route ${path}` });
    }
    const key = header("idempotency-key");
    if (key && ns.seen.has(key)) return send(res, 200, ns.seen.get(key));

    const list = path === "/emails/batch" ? (Array.isArray(body) ? body : []) : [body];
    if (path === "/emails/batch" && (list.length === 0 || list.length > 100)) {
      return send(res, 422, { statusCode: 422, name: "validation_error", message: "A batch holds 1 to 100 emails." });
    }
    for (const email of list) {
      const problem = validate(email);
      if (problem) return send(res, 422, { statusCode: 422, name: "validation_error", message: problem });
    }
    const ids = list.map(() => ({ id: `fake_${nsName}_${++ns.counter}` }));
    const answer = path === "/emails/batch" ? { data: ids } : ids[0];
    if (key) ns.seen.set(key, answer);
    return send(res, 200, answer);
  });

  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}
