import type { StackContextApi } from "../types.js";
import { analyze, type Flow } from "./analysis.js";

/**
 * The residency graph of one region: its stores and movers (grouped by type and AWS region, so a
 * fleet of 32 databases is one node), the flows between them, and every flow that leaves the
 * region: the designed crossings (sanitized events, sanitized exports; marked with their
 * exception) and anything else (a violation, drawn red). Derived from the same analysis the
 * residency rules use, so the picture cannot disagree with the checks.
 */

export interface ResidencySummary {
  /** Stores and movers with where they live. */
  readonly placed: ReadonlyArray<{ readonly address: string; readonly type: string; readonly role: "store" | "mover"; readonly awsRegion?: string }>;
  readonly flows: readonly Flow[];
  readonly boundaryRoles: ReadonlyArray<{ readonly address: string; readonly which: "orchestrator-access" | "warehouse-read" }>;
  /** Residency problems found in the stack (before exceptions). */
  readonly problems: number;
}

/** What the graph needs of one stack, taken from its analysis (small, JSON-friendly). */
export function residencySummary(ctx: StackContextApi): ResidencySummary | undefined {
  const a = analyze(ctx);
  if (!a.profile) return undefined;
  const placed: Array<ResidencySummary["placed"][number]> = [];
  for (const r of ctx.resources) {
    const c = r.mode === "managed" ? a.classes.get(r.address) : undefined;
    if (c?.role === "store" || c?.role === "mover") placed.push({ address: r.address, type: r.type, role: c.role, awsRegion: r.type.startsWith("aws_") ? ctx.effectiveRegion(r) : undefined });
  }
  let problems = 0;
  for (const list of a.problems.values()) problems += list.length;
  return { placed, flows: a.flows, boundaryRoles: a.boundaryRoles, problems };
}

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: "store" | "mover" | "outside";
  /** The AWS region it lives in, for grouping. */
  readonly awsRegion?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind: "flow" | "crossing" | "control" | "violation";
}

export interface ResidencyGraph {
  readonly region: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly crossings: number;
  readonly violations: number;
}

const WAREHOUSE_NODE = "outside_warehouse";
const CENTRAL_NODE = "outside_central";

/** One region's graph from the summaries of its stacks (data-<id>, cdc-<id>, ...). */
export function residencyGraph(region: string, stacks: ReadonlyArray<{ readonly stack: string; readonly summary: ResidencySummary }>): ResidencyGraph {
  const nodes = new Map<string, GraphNode & { count: number }>();
  const groupOf = new Map<string, string>();
  const typeRegion = new Map<string, string>();
  const idOf = (type: string, awsRegion?: string) => `${type}_${(awsRegion ?? "any").replace(/-/g, "_")}`;
  for (const { summary } of stacks) {
    for (const p of summary.placed) {
      const id = idOf(p.type, p.awsRegion);
      const n = nodes.get(id);
      if (n) n.count++;
      else nodes.set(id, { id, label: p.type, kind: p.role, awsRegion: p.awsRegion, count: 1 });
      groupOf.set(p.address, id);
      if (!typeRegion.has(p.type)) typeRegion.set(p.type, id);
    }
  }
  const outside = (id: string, label: string) => {
    if (!nodes.has(id)) nodes.set(id, { id, label, kind: "outside", count: 1 });
    return id;
  };
  const edges = new Map<string, GraphEdge>();
  const edge = (e: GraphEdge) => edges.set(`${e.from}>${e.to}>${e.kind}>${e.label}`, e);
  // A data source or reference names a type defined in another stack of the region: its group by type.
  const groupFor = (address: string | undefined) => {
    if (!address) return undefined;
    const direct = groupOf.get(address);
    if (direct) return direct;
    const type = address.replace(/^data\./, "").split(".")[0]!;
    return typeRegion.get(type);
  };
  for (const { summary } of stacks) {
    for (const f of summary.flows) {
      const from = groupFor(f.from) ?? outside(`unknown_${f.fromType}`, f.fromType);
      const source = groupFor(f.source);
      if (source) edge({ from: source, to: from, label: "reads", kind: "flow" });
      if (f.crossing) {
        edge({ from, to: outside(WAREHOUSE_NODE, "central warehouse"), label: `designed crossing: ${f.crossing} (exception)`, kind: "crossing" });
        continue;
      }
      const to = groupFor(f.toType ? f.to : undefined) ?? (f.toType ? typeRegion.get(f.toType) : undefined);
      // A connector's Kafka bootstrap is where it reads from.
      if (to && f.attr.endsWith("bootstrap_servers")) edge({ from: to, to: from, label: "reads", kind: f.inside ? "flow" : "violation" });
      else if (to) edge({ from, to, label: f.attr.split(".").pop()!, kind: f.inside ? "flow" : "violation" });
      else if (!f.inside) edge({ from, to: outside(`outside_${nodes.size}`, f.to.length > 48 ? `${f.to.slice(0, 45)}...` : f.to), label: f.attr, kind: "violation" });
    }
    for (const b of summary.boundaryRoles) {
      if (b.which === "warehouse-read") {
        const sanitized = typeRegion.get("aws_s3_bucket");
        if (sanitized) edge({ from: sanitized, to: outside(WAREHOUSE_NODE, "central warehouse"), label: "designed crossing: sanitized export only (warehouse-read)", kind: "crossing" });
      } else {
        const emr = typeRegion.get("aws_emr_cluster");
        if (emr) edge({ from: outside(CENTRAL_NODE, "central orchestrator"), to: emr, label: "submits EMR steps (orchestrator-access, no data)", kind: "control" });
      }
    }
  }
  const list = [...edges.values()];
  return {
    region,
    nodes: [...nodes.values()].map(({ count, ...n }) => ({ ...n, label: count > 1 ? `${n.label} ×${count}` : n.label })),
    edges: list,
    crossings: list.filter((e) => e.kind === "crossing").length,
    violations: list.filter((e) => e.kind === "violation").length,
  };
}

const mermaidText = (s: string) => s.replace(/"/g, "#quot;");

/** Mermaid flowchart (GitHub renders it in report.md). */
export function graphMermaid(g: ResidencyGraph): string {
  const lines = ["flowchart LR"];
  const byRegion = new Map<string, GraphNode[]>();
  for (const n of g.nodes) {
    const key = n.kind === "outside" ? "" : (n.awsRegion ?? "");
    byRegion.set(key, [...(byRegion.get(key) ?? []), n]);
  }
  const shape = (n: GraphNode) => (n.kind === "store" ? `${n.id}[("${mermaidText(n.label)}")]` : n.kind === "mover" ? `${n.id}["${mermaidText(n.label)}"]` : `${n.id}{{"${mermaidText(n.label)}"}}`);
  for (const [awsRegion, ns] of byRegion) {
    if (awsRegion) {
      lines.push(`  subgraph ${awsRegion.replace(/-/g, "_")}["${awsRegion}"]`);
      for (const n of ns) lines.push(`    ${shape(n)}`);
      lines.push("  end");
    } else for (const n of ns) lines.push(`  ${shape(n)}`);
  }
  const styles: string[] = [];
  g.edges.forEach((e, i) => {
    const arrow = e.kind === "crossing" || e.kind === "control" ? "-.->" : e.kind === "violation" ? "==>" : "-->";
    lines.push(`  ${e.from} ${arrow}|"${mermaidText(e.label)}"| ${e.to}`);
    if (e.kind === "violation") styles.push(`  linkStyle ${i} stroke:#d00,stroke-width:3px`);
    if (e.kind === "crossing") styles.push(`  linkStyle ${i} stroke:#e80`);
  });
  return [...lines, ...styles].join("\n");
}

const dotText = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/** Graphviz DOT of the same graph, for the SVG. */
export function graphDot(g: ResidencyGraph): string {
  const lines = [`digraph "${dotText(g.region)}" {`, "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  const byRegion = new Map<string, GraphNode[]>();
  for (const n of g.nodes) {
    const key = n.kind === "outside" ? "" : (n.awsRegion ?? "");
    byRegion.set(key, [...(byRegion.get(key) ?? []), n]);
  }
  const node = (n: GraphNode) =>
    `"${n.id}" [label="${dotText(n.label)}", shape=${n.kind === "store" ? "cylinder" : n.kind === "mover" ? "box" : "hexagon"}${n.kind === "outside" ? ", style=filled, fillcolor=\"#fff3e0\"" : ""}];`;
  let i = 0;
  for (const [awsRegion, ns] of byRegion) {
    if (awsRegion) {
      lines.push(`  subgraph cluster_${i++} {`, `    label="${dotText(awsRegion)}";`, "    style=rounded;");
      for (const n of ns) lines.push(`    ${node(n)}`);
      lines.push("  }");
    } else for (const n of ns) lines.push(`  ${node(n)}`);
  }
  for (const e of g.edges) {
    const style = e.kind === "violation" ? ', color="#dd0000", penwidth=2.5' : e.kind === "crossing" ? ', style=dashed, color="#ee8800"' : e.kind === "control" ? ", style=dotted" : "";
    lines.push(`  "${e.from}" -> "${e.to}" [label="${dotText(e.label)}"${style}];`);
  }
  lines.push("}");
  return lines.join("\n");
}

/** SVG rendered offline by Graphviz compiled to WebAssembly (no browser). */
export async function graphSvg(g: ResidencyGraph): Promise<string> {
  const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
  const graphviz = await Graphviz.load();
  return graphviz.dot(graphDot(g));
}

/** Every manifest region's graph, from the summaries a guardrail run kept (regions in stack order). */
export function residencyGraphs(stacks: ReadonlyArray<{ readonly stack: string; readonly region?: string; readonly residency?: ResidencySummary }>): ResidencyGraph[] {
  const byRegion = new Map<string, Array<{ stack: string; summary: ResidencySummary }>>();
  for (const s of stacks) if (s.region && s.residency) byRegion.set(s.region, [...(byRegion.get(s.region) ?? []), { stack: s.stack, summary: s.residency }]);
  return [...byRegion].map(([region, list]) => residencyGraph(region, list));
}

export const graphSvgFile = (region: string): string => `report-graph-${region}.svg`;

/** The report section: per region, a Mermaid diagram and a link to the SVG beside report.md. */
export function residencyGraphMarkdown(graphs: readonly ResidencyGraph[]): string[] {
  if (graphs.length === 0) return [];
  const out = ["", "### Residency graph", "", "Stores (cylinders) and movers (boxes) per AWS region; dashed orange: a designed crossing with its exception; red: a flow out of the jurisdiction.", ""];
  for (const g of graphs) {
    out.push(`<details><summary>region <code>${g.region}</code>: ${g.crossings} designed crossing(s), ${g.violations ? `❌ ${g.violations} flow(s) out of the jurisdiction` : "no other flow out"}</summary>`, "");
    out.push("```mermaid", graphMermaid(g), "```", "", `SVG: [${graphSvgFile(g.region)}](${graphSvgFile(g.region)})`, "", "</details>", "");
  }
  return out;
}

/** Write `report-graph-<region>.svg` for each graph into `dir`; returns the file names. */
export async function writeGraphSvgs(dir: string, graphs: readonly ResidencyGraph[]): Promise<string[]> {
  const { writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const files: string[] = [];
  for (const g of graphs) {
    writeFileSync(join(dir, graphSvgFile(g.region)), await graphSvg(g));
    files.push(graphSvgFile(g.region));
  }
  return files;
}
