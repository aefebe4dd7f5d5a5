/**
 * npm run report -- [--out <cdktf.out>] [--base <earlier cdktf.out>] [--manifest <regions.yaml>]
 *
 * Writes <out>/report.md (reads well as a pull-request comment), <out>/report.json and
 * <out>/guardrails.sarif: per stack, resources by type and rule results (passed, failed, excepted
 * with reasons); with --base, what was added, removed and changed, stateful removals first.
 * Always exits 0 when it could write the report; `npm run check` is the gate.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { runGuardrails } from "../guardrails/engine.js";
import { manifestExceptions } from "../guardrails/exceptions.js";
import { DESTROY_GUARD_RULE } from "../guardrails/plan-guard.js";
import { buildReport, reportMarkdown, reportSarif, type PlanSummary } from "../guardrails/report.js";
import { writeGraphSvgs } from "../guardrails/residency/graph.js";
import { readSynthOutput } from "../guardrails/runner.js";
import { loadManifest, manifestPath } from "../regions/loader.js";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const outdir = resolve(flag("--out") ?? "cdktf.out");
const baseDir = flag("--base");
const manifestFile = flag("--manifest") ?? manifestPath();

try {
  const { manifest } = loadManifest(manifestFile);
  const stacks = readSynthOutput(outdir);
  const result = runGuardrails(stacks, { manifest, exceptions: manifestExceptions(manifest, manifestFile) });
  const report = buildReport(result, stacks, baseDir ? readSynthOutput(resolve(baseDir)) : undefined);
  const files = new Map(stacks.map((s) => [s.name, { uri: relative(process.cwd(), join(s.dir, "cdk.tf.json")), text: s.text }]));
  // `npm run plan -- --base` leaves its Terraform results here; the report shows them when present.
  const planSummary = join(outdir, "plan-summary.json");
  const plan = existsSync(planSummary) ? (JSON.parse(readFileSync(planSummary, "utf8")) as PlanSummary) : undefined;
  writeFileSync(join(outdir, "report.md"), reportMarkdown(report, plan));
  writeFileSync(join(outdir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outdir, "guardrails.sarif"), `${JSON.stringify(reportSarif(result, files, [DESTROY_GUARD_RULE]), null, 2)}\n`);
  const s = report.summary;
  console.log(`report: ${s.errors} error(s), ${s.warnings} warning(s), ${s.excepted} excepted, ${s.statefulRemovals} stateful removal(s)`);
  console.log(`wrote ${["report.md", "report.json", "guardrails.sarif"].map((f) => relative(process.cwd(), join(outdir, f))).join(", ")}`);
  // The residency graph as SVG beside report.md (Graphviz in WebAssembly: asynchronous).
  writeGraphSvgs(outdir, report.residencyGraphs).then((f) => console.log(`wrote ${f.map((x) => relative(process.cwd(), join(outdir, x))).join(", ")}`), (e) => console.error(`residency graph SVG: ${(e as Error).message}`));
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
