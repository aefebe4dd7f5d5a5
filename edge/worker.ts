import { workspaceIdIssue } from "../regions/workspace-id.js";
import { type EdgeRoutes, type EdgeWorkspaceEntry, REGION_HEADER, RETRY_AFTER_SECONDS, WORKSPACE_HEADER } from "./routes.js";

/**
 * The edge router (Cloudflare Worker): sends each client event request to the
 * logging API of the workspace's own region, with the body untouched.
 *
 * 1. `x-workspace-id` must be a canonical workspace id (lower-case UUID): else 400.
 * 2. The workspace's region comes from the KV namespace `WORKSPACE_REGIONS`,
 *    filled from the central mapping table (edge/routes.ts `edgeKvEntry`).
 * 3. A KV miss is never guessed: KV is eventually consistent, so a workspace
 *    created a moment ago may not be there yet, and any guess could send its
 *    events to another jurisdiction. The answer is 503 with Retry-After; the
 *    client keeps the events and sends them again.
 * 4. The region's endpoint comes from the `ROUTES` binding (edge/routes.ts
 *    `edgeRoutes`, built from regions/routing.ts). A region without one gets a
 *    503 as well: its events wait on the client, they do not go elsewhere.
 */

/** The one KV method the worker uses (Cloudflare's KVNamespace has it). */
export interface KvReader {
  get(key: string): Promise<string | null>;
}

export interface Env {
  readonly WORKSPACE_REGIONS: KvReader;
  readonly ROUTES: EdgeRoutes;
}

type ErrorCode =
  | "method-not-allowed"
  | "missing-workspace-header"
  | "invalid-workspace-id"
  | "workspace-region-unknown"
  | "region-not-routable"
  | "region-without-endpoint"
  | "upstream-unreachable";

function error(status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

const retryLater = { "retry-after": String(RETRY_AFTER_SECONDS) };

/** The workspace's region from KV, or undefined on a miss; an unreadable value counts as a miss (never a guess). */
async function regionOf(env: Env, workspaceId: string): Promise<string | undefined> {
  const raw = await env.WORKSPACE_REGIONS.get(workspaceId);
  if (raw === null) return undefined;
  try {
    const entry = JSON.parse(raw) as Partial<EdgeWorkspaceEntry>;
    return typeof entry.region === "string" ? entry.region : undefined;
  } catch {
    return undefined;
  }
}

export async function handle(request: Request, env: Env): Promise<Response> {
  if (request.method !== "POST") return error(405, "method-not-allowed", `use POST to send events, not ${request.method}`, { allow: "POST" });
  const workspaceId = request.headers.get(WORKSPACE_HEADER);
  if (workspaceId === null || workspaceId === "")
    return error(400, "missing-workspace-header", `the ${WORKSPACE_HEADER} header is missing; set it to the workspace id the events belong to`);
  const problem = workspaceIdIssue(workspaceId, `${WORKSPACE_HEADER} header`);
  if (problem) return error(400, "invalid-workspace-id", problem);

  const region = await regionOf(env, workspaceId);
  if (region === undefined)
    return error(503, "workspace-region-unknown", `the region of workspace ${workspaceId} is not known at the edge yet; retry after ${RETRY_AFTER_SECONDS} s`, retryLater);
  const endpoints = env.ROUTES.endpoints;
  if (!Object.hasOwn(endpoints, region))
    return error(503, "region-not-routable", `workspace ${workspaceId} maps to region ${JSON.stringify(region)}, which the routing table does not list`, retryLater);
  const endpoint = endpoints[region];
  if (!endpoint) return error(503, "region-without-endpoint", `region ${region} has no event endpoint yet; retry later`, retryLater);

  // Same method, headers and body stream: the body is forwarded byte for byte, never parsed here.
  const forwarded = new Request(endpoint, request);
  forwarded.headers.set(REGION_HEADER, region);
  try {
    return await fetch(forwarded);
  } catch (e) {
    return error(502, "upstream-unreachable", `the logging API of region ${region} did not answer: ${(e as Error).message}`, retryLater);
  }
}

export default { fetch: handle };
