import { describe, expect, it } from "vitest";
import { CODE_EXCEPTIONS } from "../../../guardrails/exceptions.js";
import { openFindings, runGuardrails } from "../../../guardrails/engine.js";
import { EdgeStack } from "../../../stacks/edge-stack.js";
import { manifestOf, synthesize, synthRegion, testApp } from "../../helpers.js";

// A host is a place of a region when the manifest declares it as that region's logging API
// (regions[].eventHostname): the edge router may reach every region's, a regional stack its own.
const manifest = manifestOf();
const edgeJson = () => synthesize(new EdgeStack(testApp(), { manifest })).json;
const errors = (name: string, json: Record<string, any>) =>
  openFindings(runGuardrails([{ name, json }], { manifest, exceptions: CODE_EXCEPTIONS }), "error").map((f) => `${f.ruleId} ${f.address}: ${f.detail}`);

/** The edge stack with its ROUTES binding's endpoint for `region` replaced. */
function withEndpoint(region: string, url: string): Record<string, any> {
  const json = edgeJson();
  const script = Object.values(json.resource.cloudflare_workers_script)[0] as { bindings: Array<{ name: string; json?: string }> };
  const routes = script.bindings.find((b) => b.name === "ROUTES")!;
  const value = JSON.parse(routes.json!);
  value.endpoints[region] = url;
  routes.json = JSON.stringify(value);
  return json;
}

describe("residency: hosts the manifest declares", () => {
  it("lets the edge router reach every region's declared logging API", () => {
    expect(errors("edge", edgeJson())).toEqual([]);
  });

  it("fails an edge route to a host no region declares", () => {
    const found = errors("edge", withEndpoint("eu", "https://collector.example.net/v1/events"));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^RK-RES-015 cloudflare_workers_script\..*collector\.example\.net is not an AWS endpoint of this jurisdiction/);
  });

  it("does not let a regional stack reach another region's logging API", () => {
    const eu = synthRegion("eu", manifest).json;
    const fn = Object.entries(eu.resource.aws_lambda_function as Record<string, any>).find(([k]) => k.startsWith("LoggingApi_"))![1];
    fn.environment.variables.FORWARD_TO = "https://events.us.example.com/v1/events";
    expect(errors("data-eu", eu).filter((e) => e.includes("events.us.example.com"))).toHaveLength(1);
  });
});
