/**
 * npm run report: writes <out>/report.md (the pull-request comment), <out>/report.json and
 * <out>/guardrails.sarif (code scanning, located at source). Red, and exit 1, on any failed check,
 * invalid exception, unapproved stateful removal, failed or blocked plan, or unreadable input;
 * the report is still written so the pull request shows why.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { resourcesOf } from "../guardrails/context.js";
import { runGuardrails, type GuardrailResult } from "../guardrails/engine.js";
import { CODE_EXCEPTIONS, manifestExceptions } from "../guardrails/exceptions.js";
import { DESTROY_GUARD_RULE } from "../guardrails/plan-guard.js";
import { buildReport, reportMarkdown, reportSarif, type PlanSummary, type ReportSection } from "../guardrails/report.js";
import { writeGraphSvgs } from "../guardrails/residency/graph.js";
import { readSynthOutput, type SynthStack } from "../guardrails/runner.js";
import { sourceIndex } from "../guardrails/sources.js";
import { loadManifest, manifestPath } from "../regions/loader.js";
import { cli, main } from "./lib/cli.js";

const { values } = cli({
  usage: "npm run report -- [--out <cdktf.out>] [--base <earlier cdktf.out>] [--plan <plan-summary.json>] [--manifest <regions.yaml>]",
  description: "Write report.md, report.json and guardrails.sarif for a synth (and, with --base, what changed against the base). Exits 1 when the report is red.",
  options: {
    out: { type: "string", description: "synth output to report on; the report is written here", default: "cdktf.out" },
    base: { type: "string", description: "synth output of the base, for the per-stack diff" },
    plan: { type: "string", description: "results of npm run plan -- --base (an absent file named here is an error)", default: "<out>/plan-summary.json when present" },
    manifest: { type: "string", description: "the manifest the synth was built from", default: "regions/regions.yaml" },
  },
  env: { GITHUB_SERVER_URL: "with GITHUB_REPOSITORY and GITHUB_SHA: the SARIF rules link to guardrails/README.md there" },
  examples: ["npm run synth && npm run report", "npm run plan -- --base /tmp/base/cdktf.out; npm run report -- --base /tmp/base/cdktf.out"],
});

const REPO = join(__dirname, "..");

/**
 * Sections other capabilities add to the report, in order. The per-region residency graph
 * (guardrails/residency/) plugs in here: `{ title, render(report) => markdown lines }`.
 */
const SECTIONS: readonly ReportSection[] = [];

main(async () => {
  const outdir = resolve(values.out ?? "cdktf.out");
  const manifestFile = resolve(values.manifest ?? manifestPath());
  const errors: string[] = [];
  const attempt = <T>(what: string, read: () => T): T | undefined => {
    try {
      return read();
    } catch (e) {
      errors.push(`${what}: ${(e as Error).message.split("\n")[0]}`);
      return undefined;
    }
  };
  const loaded = attempt("manifest", () => loadManifest(manifestFile));
  const stacks = attempt("synth output", () => readSynthOutput(outdir)) ?? [];
  const base = values.base ? attempt("base synth", () => readSynthOutput(resolve(values.base!))) : undefined;
  const planFile = values.plan ? resolve(values.plan) : join(outdir, "plan-summary.json");
  const plan = values.plan || existsSync(planFile) ? attempt("plan summary", () => JSON.parse(readFileSync(planFile, "utf8")) as PlanSummary) : undefined;
  if (values.base && !plan) console.error("report: no plan-summary.json; the diff is synth-level only (run npm run plan -- --base for Terraform's plan)");

  const exceptions = loaded ? [...CODE_EXCEPTIONS, ...manifestExceptions(loaded.manifest, manifestFile)] : [...CODE_EXCEPTIONS];
  const result: GuardrailResult = loaded
    ? runGuardrails(stacks, { manifest: loaded.manifest, exceptions: manifestExceptions(loaded.manifest, manifestFile) })
    : { stacks: [], rules: [], exceptionErrors: [], unusedExceptions: [], durationMs: 0 };
  const report = buildReport(result, stacks, { base, plan, exceptions, errors });

  const sources = sourceIndex(REPO, manifestFile, existsSync(manifestFile) ? readFileSync(manifestFile, "utf8") : "", loaded?.manifest.regions.map((r) => r.id) ?? []);
  const paths = constructPaths([...stacks, ...(base ?? [])]);
  const env = process.env;
  const informationUri = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA ?? "HEAD"}/guardrails/README.md` : "guardrails/README.md";
  const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
  const sarif = reportSarif(result, { sources, version, informationUri, plan, constructPathOf: (stack, address) => paths.get(`${stack} ${address}`), extraRules: [DESTROY_GUARD_RULE] });

  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, "report.md"), reportMarkdown(report, SECTIONS));
  writeFileSync(join(outdir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outdir, "guardrails.sarif"), `${JSON.stringify(sarif, null, 2)}\n`);
  const s = report.summary;
  console.log(
    `report ${report.ok ? "passed" : "FAILED"}: ${s.errors} error(s), ${s.warnings} warning(s), ${s.excepted} excepted, ${s.statefulRemovals} stateful removal(s), ${s.failedPlans} failed plan(s)${errors.length ? `, ${errors.length} input error(s)` : ""}`,
  );
  for (const e of errors) console.error(`error: ${e}`);
  console.log(`wrote ${["report.md", "report.json", "guardrails.sarif"].map((f) => relative(process.cwd(), join(outdir, f))).join(", ")}`);
  // The residency graph as SVG beside report.md (Graphviz in WebAssembly: asynchronous).
  try {
    const svgs = await writeGraphSvgs(outdir, report.residencyGraphs);
    console.log(`wrote ${svgs.map((x) => relative(process.cwd(), join(outdir, x))).join(", ")}`);
  } catch (e) {
    console.error(`residency graph SVG: ${(e as Error).message}`);
  }
  return report.ok ? 0 : 1;
});

/** `<stack> <address>` → construct path, from whichever synth has the address (a destroyed one is only in the base). */
function constructPaths(stacks: readonly SynthStack[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of stacks) for (const r of resourcesOf(s.json)) if (r.constructPath && !out.has(`${s.name} ${r.address}`)) out.set(`${s.name} ${r.address}`, r.constructPath);
  return out;
}
