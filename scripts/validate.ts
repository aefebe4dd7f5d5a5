/**
 * npm run validate -- [<stack>...]: synthesize (every stack, or only the named ones), then for every stack that
 * needs only the AWS provider (or only the named ones) run real `terraform init` and `plan -refresh=false`
 * offline (local backend, mock credentials). Writes each plan as JSON beside its stack
 * (`cdktf.out/stacks/<stack>/plan.json`) and prints a table.
 *
 * Kept fast for the edit → check loop (README "Performance"): a named stack is synthesized alone; `plan`
 * validates the configuration itself (Terraform's docs: plan "includes an implied validation check"), so no
 * separate `terraform validate` runs; and `init` runs only when what it installs from changed (the
 * required providers, the backend override, the CLI config) since the last init in that work directory.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { errorSummary, isAwsOnly, MIRROR_ENV, offlineTerraformEnv, prepareWorkDir, providersOf, terraformAsync, terraformAvailable, mapLimited } from "./lib/terraform.js";
import { guardPlan, type PlanJsonLike } from "../guardrails/plan-guard.js";
import { readSynthOutput, type SynthStack } from "../guardrails/runner.js";
import { cli, main, progress } from "./lib/cli.js";

const { values, positionals } = cli({
  usage: "npm run validate -- [<stack>...] [--no-synth] [--out <cdktf.out>]",
  description: "Synthesize, then terraform init and plan (offline, mock credentials; plan validates the configuration) every AWS-only stack, or only the named stacks (synthesized alone).",
  options: {
    "no-synth": { type: "boolean", description: "use the existing synth output" },
    out: { type: "string", description: "synth output to check", default: "cdktf.out" },
  },
  positionals: { usage: "[<stack>...]" },
  env: { [MIRROR_ENV]: "install providers from this filesystem mirror", REGIONKIT_VALIDATE_JOBS: "stacks validated side by side (default 2)", REGIONKIT_REQUIRE_TERRAFORM: "fail (not skip) when terraform is not on PATH" },
  examples: ["npm run validate", "npm run validate -- data-eu", "npm run validate -- --no-synth central data-eu"],
});

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
const outdir = resolve(values.out ?? "cdktf.out");
const workRoot = join(outdir, "validate");
let env: NodeJS.ProcessEnv = {};

/**
 * `terraform init`, skipped when nothing it acts on changed since the last successful init in `dir`: the
 * providers the stack requires, its backend (the override's local one), and the CLI config naming the mirror.
 * The stamp is written only after init succeeded, and removing `.terraform` forces a new init.
 */
async function initIfChanged(dir: string, stack: SynthStack): Promise<{ ok: boolean; output: string }> {
  const { terraform = {} } = stack.json as { terraform?: Record<string, unknown> };
  const cliConfig = env.TF_CLI_CONFIG_FILE && existsSync(env.TF_CLI_CONFIG_FILE) ? readFileSync(env.TF_CLI_CONFIG_FILE, "utf8") : "";
  const inputs = JSON.stringify([terraform.required_providers, readFileSync(join(dir, "offline_override.tf.json"), "utf8"), cliConfig, env.TF_PLUGIN_CACHE_DIR ?? ""]);
  const stamp = join(dir, ".terraform", "regionkit-init.sha256");
  const hash = createHash("sha256").update(inputs).digest("hex");
  if (existsSync(join(dir, ".terraform.lock.hcl")) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return { ok: true, output: "" };
  const init = await terraformAsync(["init", "-input=false", "-no-color"], dir, env);
  if (init.ok) writeFileSync(stamp, hash);
  return init;
}

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
  const init = await initIfChanged(dir, stack);
  if (!init.ok) {
    row.validate = "init failed";
    fail("init", init.output);
  } else {
    const plan = await terraformAsync(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=plan.bin"], dir, env);
    // Plan validates the configuration before planning: a plan that passed validated; a failed one's error
    // (validation or planning) is printed under the plan.
    row.validate = plan.ok ? "ok" : "see plan";
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
  row.seconds = ((Date.now() - started) / 1000).toFixed(1);
  return row;
}

/**
 * Synthesize only `names` into outdir (the other stacks there stay as they are) and check them as npm run synth
 * does (synth/run.ts); false when the manifest or a guardrail fails. Loaded here, not at the top, so --no-synth
 * never loads the kit.
 */
async function synthNamed(names: readonly string[]): Promise<boolean> {
  const [{ manifestPath }, { synthAndCheck }] = await Promise.all([import("../regions/loader.js"), import("../synth/run.js")]);
  return (await synthAndCheck(manifestPath(), outdir, names)) !== undefined;
}

main(async () => {
  if (!values["no-synth"] && positionals.length > 0) {
    // Only the named stacks: what an edit to one region needs, in a fraction of a full synth.
    if (!(await synthNamed(positionals))) return 1;
  } else if (!values["no-synth"]) {
    const synth = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], { stdio: "inherit", env: { ...process.env, CDKTF_OUTDIR: outdir } });
    if (synth.status !== 0) return synth.status ?? 1;
  }
  if (!terraformAvailable()) {
    console.error("terraform is not on PATH: Terraform validation SKIPPED (synth and tests still ran).");
    return process.env.REGIONKIT_REQUIRE_TERRAFORM ? 1 : 0;
  }
  const mirror = process.env[MIRROR_ENV];
  env = offlineTerraformEnv(workRoot, mirror);
  console.log(mirror ? `providers from filesystem mirror ${mirror}` : `providers from the public registry (set ${MIRROR_ENV} to use a mirror)`);
  const all = readSynthOutput(outdir);
  const unknown = positionals.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) throw new Error(`no stack named ${unknown.map((n) => `'${n}'`).join(", ")} in ${outdir}; stacks: ${all.map((s) => s.name).join(", ")}`);
  const stacks = positionals.length ? all.filter((s) => positionals.includes(s.name)) : all;
  const tick = progress("validate", stacks.length);
  const rows = await mapLimited(stacks, jobs, async (s) => {
    const row = await check(s);
    tick(`${s.name} ${row.validate === "ok" && row.plan.startsWith("ok") ? "ok" : row.validate === "synth only" ? "synth only" : "FAILED"}`);
    return row;
  });

  const headers: Row = { stack: "stack", providers: "providers", add: "to add", validate: "validate", plan: "plan", seconds: "seconds" };
  const keys = Object.keys(headers) as Array<keyof Row>;
  const width = (k: keyof Row) => Math.max(...[headers, ...rows].map((r) => r[k].length));
  const line = (r: Row) => `| ${keys.map((k) => r[k].padEnd(width(k))).join(" | ")} |`;
  console.log(["", line(headers), `|${keys.map((k) => "-".repeat(width(k) + 2)).join("|")}|`, ...rows.map(line)].join("\n"));
  console.log(failed ? "\nTerraform validation FAILED" : `\nTerraform validation passed for ${rows.filter((r) => r.plan.startsWith("ok")).length} stack(s).`);
  return failed ? 1 : 0;
});
