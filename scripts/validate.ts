/**
 * npm run validate: synthesize, then for every stack that needs only the AWS
 * provider run real `terraform init`, `validate` and `plan -refresh=false`
 * offline (local backend, mock credentials). Writes each plan as JSON beside
 * its stack (`cdktf.out/stacks/<stack>/plan.json`) and prints a table.
 *
 *   --no-synth        use the existing cdktf.out
 *   --out <dir>       synth output to check (default cdktf.out)
 *   REGIONKIT_PROVIDER_MIRROR=<dir>   install providers from this filesystem mirror
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  errorSummary,
  isAwsOnly,
  MIRROR_ENV,
  offlineTerraformEnv,
  prepareWorkDir,
  providersOf,
  terraformAsync,
  terraformAvailable,
  mapLimited,
} from "./lib/terraform.js";
import { guardPlan, type PlanJsonLike } from "../guardrails/plan-guard.js";
import { readSynthOutput, type SynthStack } from "../guardrails/runner.js";

const args = process.argv.slice(2);
const outdir = resolve(args.includes("--out") ? args[args.indexOf("--out") + 1]! : "cdktf.out");

if (!args.includes("--no-synth")) {
  const synth = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], { stdio: "inherit", env: { ...process.env, CDKTF_OUTDIR: outdir } });
  if (synth.status !== 0) process.exit(synth.status ?? 1);
}

if (!terraformAvailable()) {
  console.error("terraform is not on PATH: Terraform validation SKIPPED (synth and tests still ran).");
  process.exit(process.env.REGIONKIT_REQUIRE_TERRAFORM ? 1 : 0);
}

const mirror = process.env[MIRROR_ENV];
const workRoot = join(outdir, "validate");
const env = offlineTerraformEnv(workRoot, mirror);
console.log(mirror ? `providers from filesystem mirror ${mirror}` : `providers from the public registry (set ${MIRROR_ENV} to use a mirror)`);

interface Row {
  stack: string;
  providers: string;
  add: string;
  validate: string;
  plan: string;
  seconds: string;
}
let failed = false;
const jobs = Math.max(1, Number(process.env.REGIONKIT_VALIDATE_JOBS ?? 2));

async function check(stack: SynthStack): Promise<Row> {
  const providers = providersOf(stack.json).join(",");
  if (!isAwsOnly(stack.json)) return { stack: stack.name, providers, add: "-", validate: "synth only", plan: "synth only", seconds: "-" };
  const started = Date.now();
  const dir = prepareWorkDir(workRoot, stack);
  const row: Row = { stack: stack.name, providers, add: "-", validate: "not run", plan: "not run", seconds: "" };
  const fail = (step: string, output: string) => {
    failed = true;
    console.error(`\n${stack.name}: terraform ${step} failed\n${errorSummary(output)}\n`);
  };
  const init = await terraformAsync(["init", "-input=false", "-no-color"], dir, env);
  if (!init.ok) {
    row.validate = "init failed";
    fail("init", init.output);
  } else {
    const validate = await terraformAsync(["validate", "-no-color"], dir, env);
    row.validate = validate.ok ? "ok" : "FAILED";
    if (!validate.ok) fail("validate", validate.output);
    else {
      const plan = await terraformAsync(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=plan.bin"], dir, env);
      if (!plan.ok) {
        row.plan = "FAILED";
        fail("plan", plan.output);
      } else {
        const show = await terraformAsync(["show", "-json", "plan.bin"], dir, env);
        writeFileSync(join(stack.dir, "plan.json"), show.output);
        const { counts } = guardPlan(JSON.parse(show.output) as PlanJsonLike);
        row.add = String(counts.create);
        row.plan = counts.delete + counts.replace + counts.update === 0 ? "ok" : `ok (${counts.update} update, ${counts.replace} replace, ${counts.delete} delete)`;
      }
    }
  }
  row.seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${stack.name}: ${row.validate === "ok" && row.plan.startsWith("ok") ? "ok" : "FAILED"} (${row.seconds} s)`);
  return row;
}

async function main(): Promise<void> {
  const rows = await mapLimited(readSynthOutput(outdir), jobs, check);

  const headers: Row = { stack: "stack", providers: "providers", add: "to add", validate: "validate", plan: "plan", seconds: "seconds" };
  const keys = Object.keys(headers) as Array<keyof Row>;
  const width = (k: keyof Row) => Math.max(...[headers, ...rows].map((r) => r[k].length));
  const line = (r: Row) => `| ${keys.map((k) => r[k].padEnd(width(k))).join(" | ")} |`;
  console.log(["", line(headers), `|${keys.map((k) => "-".repeat(width(k) + 2)).join("|")}|`, ...rows.map(line)].join("\n"));
  console.log(failed ? "\nTerraform validation FAILED" : `\nTerraform validation passed for ${rows.filter((r) => r.plan.startsWith("ok")).length} stack(s).`);
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
