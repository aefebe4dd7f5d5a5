import { createHash, randomBytes } from "node:crypto";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker } from "../../edge/bundle.js";
import { edgeKvEntry, edgeRoutes, REGION_HEADER, RETRY_AFTER_SECONDS, WORKSPACE_HEADER } from "../../edge/routes.js";
import { routingTable } from "../../regions/routing.js";
import type { WorkspaceRegionItem } from "../../regions/workspace-region.js";
import { manifestOf } from "../helpers.js";

// The worker runs in workerd (Miniflare 3, Node 20): the same bundle the edge stack deploys,
// with the routes built from the default manifest's routing table and a real KV namespace.
const manifest = manifestOf();
const routes = edgeRoutes(routingTable(manifest));

const WS = {
  us: "0a4c7e1f-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
  eu: "3f2b6c1e-8d4a-4c59-9e7b-2a1d0c9f8e71",
  jp: "7d9e1f20-3a4b-4c5d-9e6f-708192a3b4c5",
  kr: "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e",
  // Moving eu → jp: still served by its active (source) region until the move completes.
  migrating: "c0ffee00-1234-4abc-9def-0123456789ab",
  // In KV with a region the routing table does not list (a stale or hand-written entry).
  stale: "d00d0000-aaaa-4bbb-8ccc-dddddddddddd",
  unknown: "e1e2e3e4-0000-4111-8222-333333333333",
} as const;

const item = (workspace_id: string, active_region: string, extra: Partial<WorkspaceRegionItem> = {}): WorkspaceRegionItem => ({
  workspace_id,
  active_region,
  migration_state: "active",
  version: 1,
  updated_at: "2026-12-03T08:00:00.000Z",
  ...extra,
});

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  sha256: string;
  length: number;
}

let mf: Miniflare;
const seen: Seen[] = [];

beforeAll(async () => {
  mf = new Miniflare({
    modules: true,
    script: bundleWorker(),
    compatibilityDate: "2025-07-01",
    kvNamespaces: ["WORKSPACE_REGIONS"],
    // JSON round trip: the binding is plain JSON, as the edge stack writes it.
    bindings: { ROUTES: JSON.parse(JSON.stringify(routes)) },
    // Every fetch the worker makes lands here instead of the internet: a stand-in for the regions' logging APIs.
    outboundService: async (request) => {
      const body = new Uint8Array(await request.arrayBuffer());
      seen.push({
        url: request.url,
        method: request.method,
        headers: Object.fromEntries(request.headers),
        sha256: createHash("sha256").update(body).digest("hex"),
        length: body.length,
      });
      return new Response(JSON.stringify({ accepted: true }), { status: 202, headers: { "content-type": "application/json" } });
    },
  });
  const kv = (await mf.getKVNamespace("WORKSPACE_REGIONS")) as unknown as { put(key: string, value: string): Promise<void> };
  const entries = [
    item(WS.us, "us"),
    item(WS.eu, "eu"),
    item(WS.jp, "jp"),
    item(WS.kr, "kr"),
    item(WS.migrating, "eu", { migration_state: "migrating", source_region: "eu", target_region: "jp" }),
    item(WS.stale, "mars"),
  ].map(edgeKvEntry);
  for (const { key, value } of entries) await kv.put(key, value);
});

afterAll(async () => {
  await mf?.dispose();
});

const post = (headers: Record<string, string>, body: string | Uint8Array = '{"events":[]}') =>
  mf.dispatchFetch("https://events.example.com/v1/events", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: body as never });

const lastSeen = () => seen[seen.length - 1]!;

describe("edge worker (workerd)", () => {
  it.each(["us", "eu", "jp"] as const)("forwards a %s workspace to its region's endpoint from the routing table", async (region) => {
    const before = seen.length;
    const res = await post({ [WORKSPACE_HEADER]: WS[region] });
    expect(res.status).toBe(202);
    expect(seen.length).toBe(before + 1);
    expect(lastSeen().url).toBe(routingTable(manifest).regions.find((r) => r.id === region)!.eventEndpoint);
    expect(lastSeen().url).toBe(`https://events.${region}.example.com/v1/events`);
    expect(lastSeen().headers[REGION_HEADER]).toBe(region);
    expect(lastSeen().headers[WORKSPACE_HEADER]).toBe(WS[region]);
  });

  it("sends a migrating workspace to its active (source) region", async () => {
    await post({ [WORKSPACE_HEADER]: WS.migrating });
    expect(lastSeen().url).toBe("https://events.eu.example.com/v1/events");
  });

  it("forwards the body byte for byte", async () => {
    // Arbitrary bytes, not valid UTF-8 or JSON: any re-encoding or parsing would change them.
    const body = new Uint8Array(randomBytes(256 * 1024));
    const res = await post({ [WORKSPACE_HEADER]: WS.eu, "content-type": "application/octet-stream" }, body);
    expect(res.status).toBe(202);
    expect(lastSeen().length).toBe(body.length);
    expect(lastSeen().sha256).toBe(createHash("sha256").update(body).digest("hex"));
    expect(lastSeen().headers["content-type"]).toBe("application/octet-stream");
    expect(lastSeen().method).toBe("POST");
  });

  it("fails with 400 when the workspace header is missing", async () => {
    const before = seen.length;
    const res = await post({});
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "missing-workspace-header" } });
    expect(seen.length).toBe(before);
  });

  it.each([
    ["upper case", WS.eu.toUpperCase()],
    ["braces", `{${WS.eu}}`],
    ["no hyphens", WS.eu.replace(/-/g, "")],
    ["not a uuid", "workspace-42"],
  ])("fails with 400 on a non-canonical workspace id (%s)", async (_what, id) => {
    const before = seen.length;
    const res = await post({ [WORKSPACE_HEADER]: id });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("invalid-workspace-id");
    expect(error.message).toContain("lower-case UUID");
    expect(seen.length).toBe(before);
  });

  it("fails with 503 and Retry-After for a workspace the edge does not know, forwarding nothing", async () => {
    const before = seen.length;
    const res = await post({ [WORKSPACE_HEADER]: WS.unknown });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(RETRY_AFTER_SECONDS));
    expect(await res.json()).toMatchObject({ error: { code: "workspace-region-unknown" } });
    expect(seen.length).toBe(before);
  });

  it("fails with 503 for a region without an event endpoint (kr), forwarding nothing", async () => {
    expect(routes.endpoints.kr).toBeNull();
    const before = seen.length;
    const res = await post({ [WORKSPACE_HEADER]: WS.kr });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "region-without-endpoint" } });
    expect(seen.length).toBe(before);
  });

  it("fails with 503 for a KV region the routing table does not list", async () => {
    const before = seen.length;
    const res = await post({ [WORKSPACE_HEADER]: WS.stale });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "region-not-routable" } });
    expect(seen.length).toBe(before);
  });

  it("fails with 405 on anything but POST", async () => {
    const res = await mf.dispatchFetch("https://events.example.com/v1/events", { headers: { [WORKSPACE_HEADER]: WS.eu } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});
