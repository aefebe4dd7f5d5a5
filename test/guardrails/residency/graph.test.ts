import { Testing, type TerraformStack } from "cdktf";
import { beforeAll, describe, expect, it } from "vitest";
import { runGuardrails } from "../../../guardrails/engine.js";
import { buildReport, reportMarkdown } from "../../../guardrails/report.js";
import { graphDot, graphMermaid, graphSvg, residencyGraphs, type ResidencyGraph } from "../../../guardrails/residency/graph.js";
import { buildStacks } from "../../../stacks/app.js";
import { synthesize } from "../../helpers.js";
import { manifest } from "../fixtures.js";

let stacks: Array<{ name: string; json: Record<string, any> }>;
let graphs: ResidencyGraph[];

beforeAll(() => {
  const app = Testing.app();
  buildStacks(app, manifest);
  stacks = app.node.children.map((s) => ({ name: s.node.id, json: synthesize(s as TerraformStack).json }));
  graphs = residencyGraphs(runGuardrails(stacks, { manifest }).stacks);
});

const eu = () => graphs.find((g) => g.region === "eu")!;

describe("the residency graph", () => {
  it("has one graph per manifest region, built from its data and cdc stacks", () => {
    expect(graphs.map((g) => g.region).sort()).toEqual(manifest.regions.map((r) => r.id).sort());
    expect(eu().nodes.map((n) => n.label)).toEqual(expect.arrayContaining(["aws_db_instance ×32", "aws_msk_cluster", "kubernetes_manifest ×50"])); // 50 since the heartbeat and events DLQ topics are declared
  });

  it("marks exactly the designed crossings and no violation on the default synth", () => {
    const g = eu();
    expect(g.violations).toBe(0);
    expect(g.edges.filter((e) => e.kind === "crossing").map((e) => e.label).sort()).toEqual(["designed crossing: event sink (exception)", "designed crossing: sanitized export only (warehouse-read)"]);
    expect(g.edges.filter((e) => e.kind === "control").map((e) => e.label)).toEqual(["submits EMR steps (orchestrator-access, no data)"]);
  });

  it("draws a flow out of the jurisdiction red", () => {
    const data = structuredClone(stacks.find((s) => s.name === "data-eu")!);
    data.json.resource.aws_sns_topic_subscription = { S: { topic_arn: "arn:aws:sns:eu-central-1:222222222222:t", protocol: "sqs", endpoint: "arn:aws:sqs:us-east-1:222222222222:q" } };
    const g = residencyGraphs(runGuardrails([data], { manifest }).stacks)[0]!;
    expect(g.violations).toBe(1);
    expect(graphMermaid(g)).toMatch(/==>\|"endpoint"\|/);
    expect(graphDot(g)).toContain('color="#dd0000"');
  });

  it("renders Mermaid with the crossings dashed, and an SVG offline", async () => {
    const m = graphMermaid(eu());
    expect(m.split("\n")[0]).toBe("flowchart LR");
    expect(m).toMatch(/aws_mskconnect_connector_eu_central_1 -\.->\|"designed crossing: event sink \(exception\)"\| outside_warehouse/);
    const svg = await graphSvg(eu());
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain("<svg");
    expect(svg).toContain("central warehouse");
  });

  it("appears in report.md with a link to the SVG", () => {
    const md = reportMarkdown(buildReport(runGuardrails(stacks, { manifest }), stacks));
    expect(md).toContain("### Residency graph");
    expect(md).toContain("```mermaid");
    expect(md).toContain("(report-graph-eu.svg)");
  });
});
