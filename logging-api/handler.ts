import { EVENTS_PATH } from "../regions/resolvers.js";
import { workspaceIdIssue } from "../regions/workspace-id.js";
import { eventProblems, sanitizeEvent, SANITIZER_VERSION, type Redaction } from "./sanitizer.js";

/**
 * The logging API's request handler, independent of how requests arrive
 * (logging-api/http.ts for node:http, logging-api/alb.ts for a Lambda behind
 * an ALB) and of the Kafka client (`EventProducer`).
 *
 * POST /v1/events, header `x-workspace-id`, body `{"events": [...]}`:
 * every event is checked (all problems reported at once, 400, nothing
 * written), sanitized (logging-api/sanitizer.ts), and the batch is written to
 * the region's events topic `<id>.events` in one `send`, keyed by workspace id.
 * The answer counts events and redactions; it never echoes event content.
 */

export const HEALTH_PATH = "/healthz";
export const MAX_EVENTS_PER_REQUEST = 500;
/** 1 MiB: the ALB's limit for a Lambda target's request body. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ProducerRecord {
  /** The workspace id: one workspace's events stay in order on one partition. */
  readonly key: string;
  /** The sanitized event as JSON. */
  readonly value: string;
}

/** The Kafka producer, behind an interface: an MSK IAM producer in production, a fake in tests. */
export interface EventProducer {
  /** Write all records or throw; a throw makes the API answer 503 so the client retries. */
  send(topic: string, records: readonly ProducerRecord[]): Promise<void>;
}

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface EventHandlerOptions {
  /** This region's manifest id: requests the edge marked for another region are refused. */
  readonly regionId: string;
  /** `<id>.events` (RegionResolver.eventsTopic). */
  readonly topic: string;
  readonly producer: EventProducer;
  /** @default - the current time */
  readonly now?: () => Date;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse => ({
  status,
  headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  body: JSON.stringify(body),
});
const fail = (status: number, code: string, message: string, problems?: string[]) => json(status, { error: { code, message, ...(problems ? { problems } : {}) } });

export type EventHandler = (request: ApiRequest) => Promise<ApiResponse>;

export function createEventHandler(options: EventHandlerOptions): EventHandler {
  const { regionId, topic, producer } = options;
  const now = options.now ?? (() => new Date());
  return async (request) => {
    if (request.path === HEALTH_PATH && request.method === "GET") return json(200, { ok: true, region: regionId });
    if (request.path !== EVENTS_PATH) return fail(404, "not-found", `no route ${request.path}; events go to POST ${EVENTS_PATH}`);
    if (request.method !== "POST") return { ...fail(405, "method-not-allowed", `use POST ${EVENTS_PATH}`), headers: { allow: "POST", "content-type": "application/json" } };

    const routedTo = request.headers["x-regionkit-region"];
    if (routedTo !== undefined && routedTo !== regionId)
      return fail(421, "wrong-region", `the edge routed this request to region ${routedTo}, but this is the logging API of region ${regionId}`);
    const workspaceId = request.headers["x-workspace-id"];
    const idProblem = workspaceIdIssue(workspaceId, "x-workspace-id header");
    if (idProblem) return fail(400, "invalid-workspace-id", idProblem);
    if (new TextEncoder().encode(request.body).length > MAX_BODY_BYTES) return fail(413, "too-large", `the body exceeds ${MAX_BODY_BYTES} bytes; send fewer events per request`);

    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      return fail(400, "invalid-json", 'the body is not JSON; expected {"events": [...]}');
    }
    const events = (parsed as { events?: unknown } | null)?.events;
    if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_REQUEST)
      return fail(400, "invalid-batch", `expected {"events": [...]} with 1 to ${MAX_EVENTS_PER_REQUEST} events`);
    const problems = events.flatMap((e, i) => eventProblems(e, `events[${i}]`, workspaceId!));
    if (problems.length > 0) return fail(400, "invalid-events", `${problems.length} problem${problems.length === 1 ? "" : "s"}; no event was written`, problems);

    const receivedAt = now().toISOString();
    const redactions: Redaction[] = [];
    const records = events.map((e): ProducerRecord => {
      const { event, redactions: r } = sanitizeEvent(e as Record<string, unknown>);
      redactions.push(...r);
      return { key: workspaceId!, value: JSON.stringify({ ...event, region: regionId, received_at: receivedAt, sanitizer_version: SANITIZER_VERSION }) };
    });
    try {
      await producer.send(topic, records);
    } catch {
      return json(503, { error: { code: "producer-unavailable", message: "the events topic did not accept the batch; retry" } }, { "retry-after": "5" });
    }
    const byKind: Record<string, number> = {};
    for (const r of redactions) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    return json(202, { accepted: records.length, topic, redactions: byKind });
  };
}
