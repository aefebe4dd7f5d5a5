/**
 * npm run plan -- --base <earlier cdktf.out> [--out <cdktf.out>] [--manifest <regions.yaml>]
 *
 * For each AWS-only stack: build Terraform state from the base synth's planned values, plan the
 * new synth against it with refresh off (offline, mock credentials), and feed the plan to the
 * destroy guard. Terraform itself reports updates, "forces replacement" and destroys, and
 * prevent_destroy stops a destroy as it would in production. Writes each plan to
 * <out>/plan/<stack>/plan.json and a summary to <out>/plan-summary.json; exits 1 when a stateful
 * resource would be destroyed or replaced (unless an RK-DL-009 exception names it) or a plan fails.
 *
 *   REGIONKIT_PROVIDER_MIRROR=<dir>   install providers from this filesystem mirror
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadExceptions } from "../guardrails/exceptions.js";
import { DESTROY_GUARD_RULE, formatGuard, guardPlan, type PlanGuardResult } from "../guardrails/plan-guard.js";
import { resourcesOf } from "../guardrails/context.js";
import type { PlanStackSummary } from "../guardrails/report.js";
import { manifestPath } from "../regions/loader.js";
import { planStackAgainstBase } from "./lib/plan.js";
import { readSynthOutput } from "../guardrails/runner.js";
import { MIRROR_ENV, offlineTerraformEnv, terraformAvailable } from "./lib/terraform.js";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const baseDir = flag("--base");
if (!baseDir) {
  console.error("usage: npm run plan -- --base <earlier cdktf.out> [--out <cdktf.out>]");
  process.exit(2);
}
const outdir = resolve(flag("--out") ?? "cdktf.out");
if (!terraformAvailable()) {
  console.error("terraform is not on PATH: plan against the base SKIPPED (use npm run report -- --base for the synth-level diff).");
  process.exit(process.env.REGIONKIT_REQUIRE_TERRAFORM ? 1 : 0);
}

const exceptions = loadExceptions(flag("--manifest") ?? manifestPath(), "plan");

const mirror = process.env[MIRROR_ENV];
const workRoot = join(outdir, "plan");
const env = offlineTerraformEnv(workRoot, mirror);
const base = new Map(readSynthOutput(resolve(baseDir)).map((s) => [s.name, s]));
const current = new Map(readSynthOutput(outdir).map((s) => [s.name, s]));
const names = [...new Set([...base.keys(), ...current.keys()])].sort();

interface Row extends PlanStackSummary {
  blocked: string[];
  seconds: number;
}
const rows: Row[] = [];
let failed = false;
for (const name of names) {
  const p = planStackAgainstBase(base.get(name), current.get(name), workRoot, env);
  const row: Row = { stack: name, status: p.status, create: 0, update: 0, replace: 0, destroy: 0, blocked: [], seconds: p.seconds };
  let guard: PlanGuardResult | undefined;
  if (p.plan) guard = guardPlan(p.plan, exceptions, name);
  else if (p.status === "removed-stack") {
    // The whole stack goes: every resource in it would be destroyed.
    const changes = resourcesOf(base.get(name)!.json)
      .filter((r) => r.mode === "managed")
      .map((r) => ({ address: r.address, type: r.type, mode: "managed", change: { actions: ["delete"] } }));
    guard = guardPlan({ resource_changes: changes }, exceptions, name);
  } else if (p.status === "new-stack") row.create = resourcesOf(current.get(name)!.json).filter((r) => r.mode === "managed").length;
  if (guard) {
    Object.assign(row, { create: guard.counts.create, update: guard.counts.update, replace: guard.counts.replace, destroy: guard.counts.delete });
    row.blocked.push(...guard.blocked.map((b) => `${b.address} (${b.kind})`));
    if (guard.blocked.length || guard.excepted.length) console.log(formatGuard(guard, name));
  }
  for (const address of p.preventDestroyBlocked) {
    row.blocked.push(`${address} (prevent_destroy)`);
    console.log(`  ERROR ${name} ${address} [${DESTROY_GUARD_RULE.id} ${DESTROY_GUARD_RULE.name}]: Terraform refused the plan: prevent_destroy is set and the change destroys it\n      fix: ${DESTROY_GUARD_RULE.fix}`);
  }
  if (p.error) console.error(`${name}: ${p.error}`);
  if (p.status === "failed" || row.blocked.length) failed = true;
  if (p.status === "failed" && p.preventDestroyBlocked.length) row.status = "blocked";
  rows.push(row);
  if (p.status === "skipped") row.status = "skipped (needs a non-AWS provider)";
}

const header = ["stack", "status", "create", "update", "replace", "destroy", "blocked", "seconds"];
const lines = rows.map((r) => [r.stack, r.status, r.create, r.update, r.replace, r.destroy, r.blocked.length, r.seconds.toFixed(1)].map(String));
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
console.log(["", fmt(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(fmt)].join("\n"));
writeFileSync(join(outdir, "plan-summary.json"), `${JSON.stringify({ base: resolve(baseDir), stacks: rows }, null, 2)}\n`);
console.log(failed ? "\nplan FAILED: a stateful resource would be destroyed or replaced, or a plan failed (see above)" : "\nplan: no stateful resource is destroyed or replaced");
process.exit(failed ? 1 : 0);
