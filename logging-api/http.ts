import { createServer, type IncomingMessage, type Server } from "node:http";
import { type EventHandler, MAX_BODY_BYTES } from "./handler.js";

/**
 * The handler on node:http: for local runs and tests (the production entry is
 * the ALB adapter, logging-api/alb.ts). A body over MAX_BODY_BYTES is refused
 * while it streams in, without buffering the rest.
 */
export function createEventServer(handler: EventHandler): Server {
  return createServer((req, res) => {
    readBody(req).then(
      async (body) => {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
        const url = new URL(req.url ?? "/", "http://localhost");
        const answer =
          body === undefined
            ? { status: 413, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: { code: "too-large", message: `the body exceeds ${MAX_BODY_BYTES} bytes` } }) }
            : await handler({ method: req.method ?? "GET", path: url.pathname, headers, body });
        res.writeHead(answer.status, answer.headers).end(answer.body);
      },
      () => res.writeHead(400).end()
    );
  });
}

/** The body as UTF-8 text, or undefined when it is larger than MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
