import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { EdgeRouter } from "../constructs/edge/index.js";
import { edgeRoutes } from "../edge/routes.js";
import type { Manifest } from "../regions/manifest.js";
import { EDGE_STACK, stateBucket } from "../regions/resolvers.js";
import { routingTable } from "../regions/routing.js";
import { addStateBackend } from "./kit-stack.js";

export interface EdgeStackProps {
  readonly manifest: Manifest;
}

/**
 * `edge`: the Cloudflare Worker that routes client events to each region's
 * logging API (edge/ and constructs/edge). Its own stack because the
 * Cloudflare provider cannot be installed offline here, so it is checked by
 * synth and tests only, like `warehouse`. It holds no customer data: the
 * script, its route, and a KV namespace of workspace id → region id.
 *
 * Account, zone and route are Terraform variables (operator settings, not the
 * manifest's business); the API token comes from CLOUDFLARE_API_TOKEN. State
 * sits beside `central`'s.
 */
export class EdgeStack extends TerraformStack {
  readonly router: EdgeRouter;

  constructor(scope: Construct, props: EdgeStackProps) {
    super(scope, EDGE_STACK);
    const { manifest } = props;
    const namespace = manifest.central.namespace;
    new CloudflareProvider(this, "cloudflare", {});
    addStateBackend(this, EDGE_STACK, stateBucket(manifest, EDGE_STACK), manifest.central.awsRegion);
    const variable = (name: string, description: string) => new TerraformVariable(this, name, { type: "string", description, nullable: false }).stringValue;
    this.router = new EdgeRouter(this, "EdgeRouter", {
      routes: edgeRoutes(routingTable(manifest)),
      accountId: variable("cloudflare_account_id", "Cloudflare account that runs the edge worker"),
      zoneId: variable("cloudflare_zone_id", "Cloudflare zone of the client event hostname"),
      routePattern: variable("edge_route_pattern", "Route the worker serves, e.g. events.example.com/v1/events*"),
      scriptName: `${namespace}-edge-events`,
      kvTitle: `${namespace}-workspace-regions`,
    });
  }
}
