/**
 * npm run bootstrap -- <region-id|central> [--apply]: writes the tiny local-state stack that creates
 * the S3 state bucket a target's stacks name in their backend (step 1 of deploying), checks it with
 * the guardrails, and with --apply runs `terraform apply` on it with your AWS credentials.
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { App } from "cdktf";
import { formatResult, hasErrors, runGuardrails } from "../guardrails/engine.js";
import { readSynthOutput } from "../guardrails/runner.js";
import { loadManifest, manifestPath } from "../regions/loader.js";
import { StateBootstrapStack, stateBootstrapStackName, stateBootstrapTarget } from "../stacks/state-bootstrap-stack.js";
import { cli, main, UsageError } from "./lib/cli.js";
import { MIRROR_ENV, mirrorConfig } from "./lib/terraform.js";

const { values, positionals } = cli({
  usage: "npm run bootstrap -- <region-id|central> [--apply] [--out <dir>] [--manifest <regions.yaml>]",
  description:
    "Write (and with --apply, create) the versioned, KMS-encrypted, TLS-only, public-access-blocked state bucket that the target's stacks use as S3 backend, in the target's AWS region and account. Without --apply nothing touches AWS; --apply needs credentials for that account.",
  options: {
    apply: { type: "boolean", description: "run terraform init and apply on the written stack (asks for confirmation; needs AWS credentials)" },
    out: { type: "string", description: "where the bootstrap stack is written", default: "cdktf.out/bootstrap" },
    manifest: { type: "string", description: "the manifest naming the target", default: "regions/regions.yaml" },
  },
  positionals: { usage: "<region-id|central>", min: 1, max: 1 },
  env: { AWS_PROFILE: "(with --apply) credentials for the target's account, as for cdktf deploy", [MIRROR_ENV]: "(with --apply) install the AWS provider from this filesystem mirror" },
  examples: ["npm run bootstrap -- eu", "AWS_PROFILE=rk-eu npm run bootstrap -- eu --apply", "npm run bootstrap -- central --apply"],
});

main(() => {
  const manifestFile = values.manifest ?? manifestPath();
  const { manifest } = loadManifest(manifestFile);
  const name = positionals[0]!;
  let target;
  try {
    target = stateBootstrapTarget(manifest, name);
  } catch {
    throw new UsageError(`unknown target '${name}': expected a region id of ${manifestFile} or central; valid: ${[...manifest.regions.map((r) => r.id), "central"].join(", ")}`);
  }
  const outdir = resolve(values.out ?? join("cdktf.out", "bootstrap"));
  const app = new App({ outdir });
  new StateBootstrapStack(app, target);
  app.synth();
  const stack = readSynthOutput(outdir).find((s) => s.name === stateBootstrapStackName(name))!;
  const result = runGuardrails([stack], { manifest });
  console.log(formatResult(result));
  if (hasErrors(result)) return 1;
  const dir = relative(process.cwd(), stack.dir);
  console.log(`wrote ${dir}/cdk.tf.json: state bucket ${target.stateBucket} for ${target.stacks.join(", ")} in ${target.awsRegion}, account ${target.accountId}`);
  if (!values.apply) {
    console.log(`next: npm run bootstrap -- ${name} --apply (needs AWS credentials for account ${target.accountId})`);
    return 0;
  }
  // Real credentials (this applies); providers from the filesystem mirror when one is named, as validate and plan do.
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
  const mirror = process.env[MIRROR_ENV];
  if (mirror) env.TF_CLI_CONFIG_FILE = mirrorConfig(resolve(outdir), mirror);
  const tf = (args: string[], quiet = false) => {
    if (!quiet) console.log(`\n$ terraform ${args.join(" ")}   (in ${dir})`);
    const r = spawnSync("terraform", args, { cwd: stack.dir, env, stdio: quiet ? "pipe" : "inherit" });
    if (r.error) throw new Error(`terraform: ${r.error.message}`);
    return r.status ?? 1;
  };
  // The bucket exists already (a re-run): its backend works, apply there.
  if (tf(["init", "-input=false", "-reconfigure"], true) === 0) return tf(["apply"]);
  // First run: the bucket does not exist, so apply with a local backend, then move the state into it.
  const override = join(stack.dir, "bootstrap_override.tf.json");
  writeFileSync(override, JSON.stringify({ terraform: { backend: { local: { path: "terraform.tfstate" } } } }));
  try {
    for (const args of [["init", "-input=false", "-reconfigure"], ["apply"]]) {
      const code = tf(args);
      if (code !== 0) return code;
    }
  } finally {
    rmSync(override, { force: true });
  }
  const migrated = tf(["init", "-input=false", "-migrate-state", "-force-copy"]);
  if (migrated !== 0) {
    console.error(`error: the bucket exists but the state could not be moved into it; ${dir}/terraform.tfstate still holds it: run terraform init -migrate-state there`);
    return migrated;
  }
  for (const f of ["terraform.tfstate", "terraform.tfstate.backup"]) rmSync(join(stack.dir, f), { force: true });
  console.log(`\nstate bucket ${target.stateBucket} is ready; its own state is in it (${stateBootstrapStackName(name)}/terraform.tfstate)`);
  return 0;
});
