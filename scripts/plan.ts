/**
 * npm run plan -- --base <earlier cdktf.out>: for each AWS-only stack, Terraform state is rebuilt
 * from the base synth's planned values and the new synth is planned against it with refresh off
 * (offline, mock credentials); the destroy guard reads each plan. Writes each plan to
 * <out>/plan/<stack>/plan.json and a summary (with each address's changed attributes) to
 * <out>/plan-summary.json; exits 1 when a stateful resource would be destroyed or replaced (unless
 * an RK-DL-009 exception names it) or any plan fails.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadExceptions } from "../guardrails/exceptions.js";
import { DESTROY_GUARD_RULE } from "../guardrails/plan-guard.js";
import type { PlanSummary } from "../guardrails/report.js";
import { readSynthOutput } from "../guardrails/runner.js";
import { manifestPath } from "../regions/loader.js";
import { cli, main, requireFiles } from "./lib/cli.js";
import { planAgainstBase, type PlanStackResult } from "./lib/plan.js";
import { MIRROR_ENV, offlineTerraformEnv, terraformAvailable } from "./lib/terraform.js";

const { values } = cli({
  usage: "npm run plan -- --base <earlier cdktf.out> [--out <cdktf.out>] [--manifest <regions.yaml>] [--jobs <n>]",
  description: "Plan the new synth against a base synth with real Terraform, offline, and block any plan that destroys or replaces a stateful resource.",
  options: {
    base: { type: "string", description: "synth output of the base (e.g. the merge base's cdktf.out)", required: true },
    out: { type: "string", description: "synth output to plan", default: "cdktf.out" },
    manifest: { type: "string", description: "manifest whose RK-DL-009 exceptions approve a destroy", default: "regions/regions.yaml" },
    jobs: { type: "string", description: "stacks planned side by side", default: "2" },
  },
  env: { [MIRROR_ENV]: "install providers from this filesystem mirror", REGIONKIT_REQUIRE_TERRAFORM: "fail (not skip) when terraform is not on PATH" },
  examples: [
    "git worktree add /tmp/base $(git merge-base HEAD origin/main) && (cd /tmp/base && npm ci && npm run synth)",
    "npm run synth && npm run plan -- --base /tmp/base/cdktf.out",
  ],
});

main(async () => {
  const outdir = resolve(values.out ?? "cdktf.out");
  const baseDir = resolve(values.base!);
  const jobs = Number(values.jobs ?? 2);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a whole number of at least 1, got ${JSON.stringify(values.jobs)}`);
  requireFiles([
    ["base synth", join(baseDir, "manifest.json")],
    ["synth output", join(outdir, "manifest.json")],
  ]);
  if (!terraformAvailable()) {
    console.error("terraform is not on PATH: plan against the base SKIPPED (use npm run report -- --base for the synth-level diff).");
    return process.env.REGIONKIT_REQUIRE_TERRAFORM ? 1 : 0;
  }
  const exceptions = loadExceptions(values.manifest ?? manifestPath(), "plan");
  const workRoot = join(outdir, "plan");
  const env = offlineTerraformEnv(workRoot, process.env[MIRROR_ENV]);
  const base = readSynthOutput(baseDir);
  const current = readSynthOutput(outdir);
  const total = new Set([...base, ...current].map((s) => s.name)).size;
  let done = 0;
  console.error(`plan: ${total} stack(s), ${jobs} at a time`);
  const rows = await planAgainstBase(base, current, {
    workRoot,
    env,
    exceptions,
    jobs,
    onStack: (r) => console.error(`plan: ${++done}/${total} ${r.stack} ${r.ok ? r.status : "FAILED"} (${r.seconds.toFixed(1)} s)`),
  });
  for (const r of rows) printFindings(r);

  const header = ["stack", "status", "create", "update", "replace", "destroy", "blocked", "seconds"];
  const lines = rows.map((r) => [r.stack, r.ok ? r.status : `${r.status} ✗`, r.create, r.update, r.replace, r.destroy, r.blocked.length, r.seconds.toFixed(1)].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(["", fmt(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(fmt)].join("\n"));
  const summary: PlanSummary = { base: baseDir, ok: rows.every((r) => r.ok), stacks: rows };
  writeFileSync(join(outdir, "plan-summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(summary.ok ? "\nplan: no stateful resource is destroyed or replaced" : "\nplan FAILED: a stateful resource would be destroyed or replaced, or a plan failed (see above)");
  return summary.ok ? 0 : 1;
});

function printFindings(r: PlanStackResult): void {
  for (const b of r.blocked) console.log(`  ERROR ${r.stack} ${b} [${DESTROY_GUARD_RULE.id} ${DESTROY_GUARD_RULE.name}]: a stateful resource would be destroyed\n      fix: ${DESTROY_GUARD_RULE.fix}`);
  for (const x of r.excepted ?? []) console.log(`  excepted ${r.stack} ${x}`);
  if (r.error) console.error(`${r.stack}: ${r.error}`);
}
