/**
 * npm run plan-guard -- <plan.json>...: reads `terraform show -json <planfile>` output and exits 1,
 * naming the addresses, when a plan deletes or replaces a stateful resource, unless an exception
 * (rule RK-DL-009) names the exact address with a reason. A plan at
 * cdktf.out/stacks/<stack>/plan.json takes its stack from the path.
 */
import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { loadExceptions } from "../guardrails/exceptions.js";
import { formatGuard, guardPlan, type PlanJsonLike } from "../guardrails/plan-guard.js";
import { manifestPath } from "../regions/loader.js";
import { cli, main, requireFiles } from "./lib/cli.js";

const { values, positionals: files } = cli({
  usage: "npm run plan-guard -- <plan.json>... [--stack <name>] [--manifest <regions.yaml>]",
  description: "Fail when a Terraform plan (terraform show -json) destroys or replaces a stateful resource no RK-DL-009 exception approves.",
  options: {
    stack: { type: "string", description: "stack the plans belong to", default: "from the path cdktf.out/stacks/<stack>/plan.json" },
    manifest: { type: "string", description: "manifest whose exceptions approve a destroy", default: "regions/regions.yaml" },
  },
  positionals: { usage: "<plan.json>...", min: 1 },
  examples: ["terraform show -json plan.bin > plan.json && npm run plan-guard -- plan.json --stack data-eu", "npm run validate && npm run plan-guard -- cdktf.out/stacks/*/plan.json"],
});

main(() => {
  requireFiles(files.map((f) => ["plan", f] as const));
  const exceptions = loadExceptions(values.manifest ?? manifestPath(), "plan-guard");
  let blocked = 0;
  for (const file of files) {
    const stack = values.stack ?? (basename(dirname(dirname(file))) === "stacks" ? basename(dirname(file)) : undefined);
    let plan: PlanJsonLike;
    try {
      plan = JSON.parse(readFileSync(file, "utf8")) as PlanJsonLike;
    } catch (e) {
      throw new Error(`${file} is not plan JSON (terraform show -json <planfile>): ${(e as Error).message}`);
    }
    const result = guardPlan(plan, exceptions, stack);
    blocked += result.blocked.length;
    console.log(formatGuard(result, stack ?? file));
  }
  if (blocked > 0) {
    console.error(`plan-guard FAILED: ${blocked} stateful resource(s) would be destroyed or replaced`);
    return 1;
  }
  console.log("plan-guard: no stateful resource is destroyed or replaced");
  return 0;
});
