import { WorkersKvNamespace } from "@cdktf/provider-cloudflare/lib/workers-kv-namespace";
import { WorkersRoute } from "@cdktf/provider-cloudflare/lib/workers-route";
import { WorkersScript } from "@cdktf/provider-cloudflare/lib/workers-script";
import { Construct } from "constructs";
import { bundleWorker } from "../../edge/bundle.js";
import type { EdgeRoutes } from "../../edge/routes.js";

/** workerd behaviour the worker is tested against (test/edge/worker.test.ts uses the same date). */
export const WORKER_COMPATIBILITY_DATE = "2025-07-01";
export const WORKER_MODULE = "worker.js";

export interface EdgeRouterProps {
  /** Region id → event endpoint, from the kit's routing table (edge/routes.ts `edgeRoutes`). */
  readonly routes: EdgeRoutes;
  readonly accountId: string;
  readonly zoneId: string;
  /** Route pattern the worker serves, e.g. `events.example.com/v1/events*`. */
  readonly routePattern: string;
  /** Worker script name. */
  readonly scriptName: string;
  /** Title of the KV namespace mirroring the workspace → region table. */
  readonly kvTitle: string;
}

/**
 * The edge router on Cloudflare: the worker script (edge/worker.ts, bundled
 * at synth time, the same bundle the workerd tests run), its route, and the
 * KV namespace it reads each workspace's region from. The routing table goes
 * in as a JSON binding, so a new region's endpoint reaches the edge with a
 * deploy of this stack, never by editing the worker.
 */
export class EdgeRouter extends Construct {
  readonly script: WorkersScript;
  readonly route: WorkersRoute;
  readonly kv: WorkersKvNamespace;

  constructor(scope: Construct, id: string, props: EdgeRouterProps) {
    super(scope, id);
    this.kv = new WorkersKvNamespace(this, "WorkspaceRegions", { accountId: props.accountId, title: props.kvTitle });
    this.script = new WorkersScript(this, "Resource", {
      accountId: props.accountId,
      scriptName: props.scriptName,
      content: bundleWorker(),
      mainModule: WORKER_MODULE,
      compatibilityDate: WORKER_COMPATIBILITY_DATE,
      bindings: [
        { type: "kv_namespace", name: "WORKSPACE_REGIONS", namespaceId: this.kv.id },
        { type: "json", name: "ROUTES", json: JSON.stringify(props.routes) },
      ],
    });
    this.route = new WorkersRoute(this, "Route", { zoneId: props.zoneId, pattern: props.routePattern, script: this.script.scriptName });
  }
}
