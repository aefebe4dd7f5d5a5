import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { albHandler } from "../../logging-api/alb.js";
import { createEventHandler, type EventProducer, type ProducerRecord } from "../../logging-api/handler.js";
import { createEventServer } from "../../logging-api/http.js";
import { regionResolver } from "../../regions/resolvers.js";
import { manifestOf } from "../helpers.js";

const eu = regionResolver(manifestOf(), "eu");
const WS = "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71";

/** Stands in for the MSK producer: records what was sent, or fails when told to. */
class FakeProducer implements EventProducer {
  readonly sent: Array<{ topic: string; records: readonly ProducerRecord[] }> = [];
  down = false;
  async send(topic: string, records: readonly ProducerRecord[]) {
    if (this.down) throw new Error("broker unavailable");
    this.sent.push({ topic, records });
  }
}

const producer = new FakeProducer();
const handler = createEventHandler({ regionId: eu.id, topic: eu.eventsTopic, producer, now: () => new Date("2026-12-03T08:00:01.000Z") });
let server: Server;
let base: string;

beforeAll(async () => {
  server = createEventServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(() => {
  producer.sent.length = 0;
  producer.down = false;
});

const event = (i: number, properties: Record<string, unknown> = {}) => ({
  event_id: `0f1e2d3c-4b5a-4968-8776-65544332211${i}`,
  event_type: "page.viewed",
  timestamp: "2026-12-03T08:00:00.000Z",
  workspace_id: WS,
  client: { platform: "web", app_version: "2.41.0" },
  properties,
});
const post = (body: unknown, headers: Record<string, string> = { "x-workspace-id": WS, "x-regionkit-region": "eu" }) =>
  fetch(`${base}/v1/events`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("logging API over HTTP", () => {
  it("sanitizes a batch and writes it to the region's events topic in one send, keyed by workspace", async () => {
    const res = await post({ events: [event(0, { source: "sidebar" }), event(1, { title: "Board meeting notes", owner: "ceo@acme.com" })] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2, topic: "eu.events", redactions: { text: 1, email: 1 } });
    expect(producer.sent).toHaveLength(1);
    const [{ topic, records }] = producer.sent as [{ topic: string; records: ProducerRecord[] }];
    expect(topic).toBe("eu.events");
    expect(records.map((r) => r.key)).toEqual([WS, WS]);
    const values = records.map((r) => JSON.parse(r.value));
    expect(values[0]).toEqual({ ...event(0, { source: "sidebar" }), region: "eu", received_at: "2026-12-03T08:00:01.000Z", sanitizer_version: 1 });
    expect(values[1].properties).toEqual({ title: "[redacted:text]", owner: "[redacted:email]" });
    expect(records.map((r) => r.value).join()).not.toMatch(/Board meeting|ceo@acme/);
  });

  it("fails a batch with one bad event and writes none of it", async () => {
    const res = await post({ events: [event(0), { ...event(1), timestamp: "soon" }, { ...event(2), workspace_id: "7d9e1f20-3a4b-4c5d-9e6f-708192a3b4c5" }] });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; problems: string[] } };
    expect(error.code).toBe("invalid-events");
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toMatch(/^events\[1\]\.timestamp/);
    expect(error.problems[1]).toMatch(/^events\[2\]\.workspace_id/);
    expect(producer.sent).toEqual([]);
  });

  it("fails with 400 on a missing or non-canonical workspace header", async () => {
    expect((await post({ events: [event(0)] }, {})).status).toBe(400);
    expect((await post({ events: [event(0)] }, { "x-workspace-id": WS.toUpperCase() })).status).toBe(400);
    expect(producer.sent).toEqual([]);
  });

  it("fails with 421 when the edge routed the request to another region", async () => {
    const res = await post({ events: [event(0)] }, { "x-workspace-id": WS, "x-regionkit-region": "us" });
    expect(res.status).toBe(421);
    expect(producer.sent).toEqual([]);
  });

  it("fails with 400 on a body that is not JSON or not a batch", async () => {
    expect((await post("{")).status).toBe(400);
    expect((await post({ events: [] })).status).toBe(400);
  });

  it("fails with 413 on a body over 1 MiB", async () => {
    const res = await post({ events: [event(0, { pad: "x".repeat(1024 * 1024) })] });
    expect(res.status).toBe(413);
    expect(producer.sent).toEqual([]);
  });

  it("answers 503 with Retry-After when Kafka does not take the batch", async () => {
    producer.down = true;
    const res = await post({ events: [event(0)] });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });

  it("serves the ALB health check", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(await res.json()).toEqual({ ok: true, region: "eu" });
  });

  it("gives the same answer through the ALB Lambda adapter, base64 bodies included", async () => {
    const body = JSON.stringify({ events: [event(0, { source: "sidebar" })] });
    const result = await albHandler(handler)({
      httpMethod: "POST",
      path: "/v1/events",
      headers: { "X-Workspace-Id": WS, "content-type": "application/json" },
      body: Buffer.from(body).toString("base64"),
      isBase64Encoded: true,
    });
    expect(result.statusCode).toBe(202);
    expect(JSON.parse(result.body)).toMatchObject({ accepted: 1, topic: "eu.events" });
  });
});
