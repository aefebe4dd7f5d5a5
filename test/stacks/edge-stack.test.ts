import { describe, expect, it } from "vitest";
import { bundleWorker } from "../../edge/bundle.js";
import { EdgeStack } from "../../stacks/edge-stack.js";
import { buildStacks } from "../../stacks/app.js";
import { manifestOf, manifestWithRegion, NEW_REGION_YAML, synthesize, testApp } from "../helpers.js";

const synthEdge = (manifest = manifestOf()) => synthesize(new EdgeStack(testApp(), { manifest }));

describe("EdgeStack", () => {
  const syn = synthEdge();
  const script = syn.only("cloudflare_workers_script");
  const binding = (name: string) => (script.bindings as Array<Record<string, string>>).find((b) => b.name === name)!;

  it("is part of every app, beside central and warehouse", () => {
    expect(buildStacks(testApp(), manifestOf()).edge.node.id).toBe("edge");
  });

  it("deploys the same worker bundle the workerd tests run, as an ES module", () => {
    expect(script.content).toBe(bundleWorker());
    expect(script.main_module).toBe("worker.js");
    expect(script.content).not.toMatch(/from\s*["']node:/);
  });

  it("binds the routing table's event endpoints and the workspace KV namespace", () => {
    expect(JSON.parse(binding("ROUTES").json!)).toEqual({
      version: 1,
      endpoints: { us: "https://events.us.example.com/v1/events", eu: "https://events.eu.example.com/v1/events", jp: "https://events.jp.example.com/v1/events", kr: null },
    });
    expect(binding("WORKSPACE_REGIONS")).toMatchObject({ type: "kv_namespace", namespace_id: expect.stringMatching(/^\$\{cloudflare_workers_kv_namespace\./) });
  });

  it("routes the operator's pattern in the operator's zone to the script", () => {
    expect(syn.only("cloudflare_workers_route")).toMatchObject({ pattern: "${var.edge_route_pattern}", zone_id: "${var.cloudflare_zone_id}" });
    expect(Object.keys(syn.json.variable).sort()).toEqual(["cloudflare_account_id", "cloudflare_zone_id", "edge_route_pattern"]);
  });

  it("keeps its state beside central's and uses no AWS provider", () => {
    expect(syn.json.terraform.backend.s3).toMatchObject({ bucket: "rk-tfstate-111111111111-us-west-2", key: "edge/terraform.tfstate", region: "us-west-2" });
    expect(Object.keys(syn.json.provider)).toEqual(["cloudflare"]);
  });

  it("adds a new region's endpoint to the routes (null until it has an eventHostname)", () => {
    const routes = JSON.parse((synthEdge(manifestWithRegion(NEW_REGION_YAML)).only("cloudflare_workers_script").bindings as Array<Record<string, string>>).find((b) => b.name === "ROUTES")!.json!);
    expect(routes.endpoints.ch).toBeNull();
  });
});
