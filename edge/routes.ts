import type { RoutingTable } from "../regions/routing.js";
import type { WorkspaceRegionItem } from "../regions/workspace-region.js";

/**
 * What the edge worker knows, and nothing more: each region's event endpoint
 * (from the routing table the kit already generates, regions/routing.ts) and,
 * in its KV namespace, each workspace's region (from the central mapping
 * table). Both are derived here so the edge stack, the KV sync and the tests
 * build them the same way.
 */

/** The request header that carries the workspace id. */
export const WORKSPACE_HEADER = "x-workspace-id";
/** Header the worker adds on the forwarded request: which region it chose (the logging API checks it is its own). */
export const REGION_HEADER = "x-regionkit-region";
/** Seconds a client waits before retrying a workspace the edge does not know yet. */
export const RETRY_AFTER_SECONDS = 30;
export const EDGE_ROUTES_VERSION = 1;

/** Region id → the logging API's client-event URL, or null while the region has none. */
export interface EdgeRoutes {
  readonly version: typeof EDGE_ROUTES_VERSION;
  readonly endpoints: Readonly<Record<string, string | null>>;
}

/** The worker's `ROUTES` binding, from the kit's routing table. */
export function edgeRoutes(table: RoutingTable): EdgeRoutes {
  return { version: EDGE_ROUTES_VERSION, endpoints: Object.fromEntries(table.regions.map((r) => [r.id, r.eventEndpoint])) };
}

/** The value stored under a workspace id in the edge KV namespace. */
export interface EdgeWorkspaceEntry {
  /** The region that serves the workspace now: its active region, which stays the source region while it migrates. */
  readonly region: string;
}

/**
 * The KV write that mirrors one mapping-table item (regions/workspace-region.ts) to the edge:
 * key = workspace id, value = JSON `EdgeWorkspaceEntry`. The sync that calls it on every table
 * change (a DynamoDB stream consumer) writes with the Cloudflare API; it is not part of this kit yet.
 */
export function edgeKvEntry(item: WorkspaceRegionItem): { key: string; value: string } {
  const entry: EdgeWorkspaceEntry = { region: item.active_region };
  return { key: item.workspace_id, value: JSON.stringify(entry) };
}
