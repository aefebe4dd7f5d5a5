import type { EventHandler } from "./handler.js";

/** What an Application Load Balancer sends a Lambda target (multi-value headers off). */
export interface AlbEvent {
  readonly httpMethod: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

export interface AlbResult {
  readonly statusCode: number;
  readonly statusDescription: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly isBase64Encoded: false;
}

/**
 * The handler as a Lambda function behind the logging API's load balancers
 * (constructs/logging-api). The production entry wraps it with the region's
 * MSK IAM producer: `export const handler = albHandler(createEventHandler({ regionId, topic, producer }))`.
 */
export function albHandler(handler: EventHandler): (event: AlbEvent) => Promise<AlbResult> {
  return async (event) => {
    const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body) : "";
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const answer = await handler({ method: event.httpMethod, path: event.path, headers, body });
    return { statusCode: answer.status, statusDescription: String(answer.status), headers: answer.headers, body: answer.body, isBase64Encoded: false };
  };
}
