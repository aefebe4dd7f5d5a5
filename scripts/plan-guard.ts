/**
 * npm run plan-guard -- <plan.json> [<plan.json> ...] [--stack <name>] [--manifest <regions.yaml>]
 *
 * Reads `terraform show -json <planfile>` output and exits 1, naming the addresses, when a plan
 * deletes or replaces a stateful resource, unless an exception (rule RK-DL-009) names the exact
 * address with a reason. A plan at cdktf.out/stacks/<stack>/plan.json takes its stack from the path.
 */
import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { loadExceptions } from "../guardrails/exceptions.js";
import { formatGuard, guardPlan, type PlanJsonLike } from "../guardrails/plan-guard.js";
import { manifestPath } from "../regions/loader.js";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const files = args.filter((a, i) => !a.startsWith("--") && !["--stack", "--manifest"].includes(args[i - 1] ?? ""));
if (files.length === 0) {
  console.error("usage: npm run plan-guard -- <plan.json> [...] [--stack <name>] [--manifest <regions.yaml>]");
  process.exit(2);
}

const exceptions = loadExceptions(flag("--manifest") ?? manifestPath(), "plan-guard");

let blocked = 0;
for (const file of files) {
  const stack = flag("--stack") ?? (basename(dirname(dirname(file))) === "stacks" ? basename(dirname(file)) : undefined);
  const result = guardPlan(JSON.parse(readFileSync(file, "utf8")) as PlanJsonLike, exceptions, stack);
  blocked += result.blocked.length;
  console.log(formatGuard(result, stack ?? file));
}
if (blocked > 0) {
  console.error(`plan-guard FAILED: ${blocked} stateful resource(s) would be destroyed or replaced`);
  process.exit(1);
}
console.log("plan-guard: no stateful resource is destroyed or replaced");
