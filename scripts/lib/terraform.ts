import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import type { StackInput } from "../../guardrails/engine.js";
import { join, resolve } from "node:path";

/**
 * Running real Terraform offline against a synthesized stack: a work directory
 * beside `cdktf.out/stacks` (so `cdktf deploy` never sees the override), an
 * override that swaps the S3 backend for a local one and gives the AWS
 * providers mock credentials, and a CLI config that installs providers from a
 * filesystem mirror when one is named.
 */

/** Environment variable naming a Terraform filesystem mirror (a folder holding `registry.terraform.io/...`). */
export const MIRROR_ENV = "REGIONKIT_PROVIDER_MIRROR";

export interface TerraformJson {
  terraform?: { required_providers?: Record<string, { source?: string; version?: string }>; backend?: Record<string, unknown> };
  provider?: Record<string, Array<Record<string, unknown>>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  [key: string]: unknown;
}

/** Providers a stack needs, by local name. Only stacks whose sole provider is aws can be checked offline. */
export function providersOf(json: TerraformJson): string[] {
  return Object.keys(json.terraform?.required_providers ?? {}).sort();
}

export const isAwsOnly = (json: TerraformJson): boolean => {
  const providers = providersOf(json);
  return providers.length === 1 && providers[0] === "aws";
};

/** Override file: local backend, mock credentials, every AWS API check skipped. */
export function offlineOverride(json: TerraformJson): Record<string, unknown> {
  const mock = {
    access_key: "mock-access-key",
    secret_key: "mock-secret-key",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    // With no account lookup there is no account id to check; the pinned ids stay in the real config.
    allowed_account_ids: null,
  };
  const awsProviders = (json.provider?.aws ?? [{}]).map((p) => (p.alias ? { alias: p.alias, ...mock } : mock));
  return {
    terraform: { backend: { local: { path: "terraform.tfstate" } } },
    provider: { aws: awsProviders },
  };
}

export interface RunResult {
  readonly ok: boolean;
  readonly output: string;
}

export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): RunResult {
  const r = spawnSync("terraform", args, { cwd, env, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (r.error) return { ok: false, output: r.error.message };
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** Same as `terraform()`, without blocking, so independent stacks can run side by side. */
export function terraformAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn("terraform", args, { cwd, env });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", (e) => done({ ok: false, output: e.message }));
    child.on("close", (code) => done({ ok: code === 0, output: Buffer.concat(chunks).toString("utf8") }));
  });
}

/** Run `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

export function terraformAvailable(): boolean {
  return !spawnSync("terraform", ["version"], { encoding: "utf8" }).error;
}

/** Go's GC target for terraform and its providers (default 100): at 400 a small plan took 3.9 -> 2.7 CPU s and a show 2.9 -> 2.0; higher saved little more and grew memory fast. */
export const GOGC_DEFAULT = "400";

/**
 * The environment for Terraform runs under `workRoot`: providers from the mirror when one is named
 * (a CLI config that installs every provider from it and never from the network; init links them,
 * so no cache is needed), else from the registry through a plugin cache kept inside `workRoot`,
 * never in a shared folder another run could pick up.
 */
/** A Terraform CLI config in `dir` that installs every registry provider from the filesystem mirror `mirror` only; returns its path. */
export function mirrorConfig(dir: string, mirror: string): string {
  const file = join(dir, "terraformrc");
  writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(resolve(mirror))}\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`,
  );
  return file;
}

export function offlineTerraformEnv(workRoot: string, mirror: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
  // Every terraform run decodes the AWS provider's whole schema, in terraform and in each provider process it
  // starts (which inherit this environment): mostly short-lived garbage. Collecting it less often cuts CPU by
  // about a third (`npm run validate -- data-eu`: 18.5 -> 13.2 CPU s) for more peak memory (largest process
  // 320 -> 500 MB). A GOGC the user set wins.
  env.GOGC ??= GOGC_DEFAULT;
  // Never let real credentials or a profile leak into an offline plan.
  for (const k of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) delete env[k];
  mkdirSync(workRoot, { recursive: true });
  if (mirror) {
    env.TF_CLI_CONFIG_FILE = mirrorConfig(workRoot, mirror);
  } else {
    if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
    const pluginCacheDir = join(workRoot, ".plugin-cache");
    mkdirSync(pluginCacheDir, { recursive: true });
    env.TF_PLUGIN_CACHE_DIR = pluginCacheDir;
  }
  return env;
}

/** Prepare `<workRoot>/<stack>` with the stack's JSON and the offline override. */
export function prepareWorkDir(workRoot: string, stack: StackInput): string {
  const dir = join(workRoot, stack.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack.json, null, 2));
  writeFileSync(join(dir, "offline_override.tf.json"), JSON.stringify(offlineOverride(stack.json), null, 2));
  return dir;
}

/** First lines of Terraform's error output, enough to act on. */
export function errorSummary(output: string, lines = 12): string {
  const errorAt = output.search(/Error:/);
  return output
    .slice(errorAt >= 0 ? errorAt : 0)
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .slice(0, lines)
    .join("\n");
}
