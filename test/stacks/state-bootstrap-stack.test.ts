import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runGuardrails } from "../../guardrails/engine.js";
import { MIRROR_ENV, offlineTerraformEnv, prepareWorkDir, terraform, terraformAsync } from "../../scripts/lib/terraform.js";
import { StateBootstrapStack, stateBootstrapTarget } from "../../stacks/state-bootstrap-stack.js";
import { manifestOf, synthApp, synthesize, terraformTestsSkipped, testApp, type Synthesized } from "../helpers.js";

const manifest = manifestOf();
const bootstrap = (target: string) => synthesize(new StateBootstrapStack(testApp(), stateBootstrapTarget(manifest, target)));

/** The S3 backend each deployable stack names, by stack. */
const backends = new Map([...synthApp(manifest)].map(([name, s]) => [name, s.json.terraform.backend.s3 as { bucket: string; region: string }]));

/** The companion of `bucket` (logical name) of a type: the resource whose `bucket` references it. */
function companion(s: Synthesized, type: string, bucket: string): Record<string, any> {
  const found = Object.values(s.resources(type)).filter((r) => r.bucket === `\${aws_s3_bucket.${bucket}.id}`);
  expect(found, `${type} of ${bucket}`).toHaveLength(1);
  return found[0]!;
}

const eu = bootstrap("eu");
const stateBucket = Object.entries(eu.resources("aws_s3_bucket")).find(([, b]) => b.bucket === backends.get("data-eu")!.bucket)!;

describe("StateBootstrapStack", () => {
  it.each([
    ["eu", ["data-eu", "cdc-eu"]],
    ["central", ["central", "warehouse"]],
  ])("creates the bucket that %s's stacks name in their backend, in their AWS region and account", (target, stacks) => {
    const s = bootstrap(target);
    const provider = s.json.provider.aws[0];
    const buckets = Object.values(s.resources("aws_s3_bucket")).map((b) => b.bucket);
    for (const stack of stacks) {
      expect(buckets).toContain(backends.get(stack)!.bucket);
      expect(provider.region).toBe(backends.get(stack)!.region);
    }
    const account = target === "central" ? manifest.central.accountId : manifest.regions.find((r) => r.id === target)!.accountId;
    expect(provider.allowed_account_ids).toEqual([account]);
    // Its own state ends in the bucket it creates (npm run bootstrap -- --apply migrates it there), in the region.
    expect(s.json.terraform.backend.s3).toMatchObject({ bucket: backends.get(stacks[0]!)!.bucket, key: `state-${target}/terraform.tfstate`, region: provider.region, encrypt: true });
  });

  it("fails an unknown target, naming the valid ones", () => {
    expect(() => stateBootstrapTarget(manifest, "xx")).toThrow(/unknown region "xx".*us, eu, jp, kr/);
  });

  it("makes the state bucket versioned, SSE-KMS with its own regional key, TLS-only, closed to the public and undeletable", () => {
    const [name, bucket] = stateBucket;
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBe(false);
    expect(companion(eu, "aws_s3_bucket_versioning", name).versioning_configuration).toEqual({ status: "Enabled" });
    const sse = companion(eu, "aws_s3_bucket_server_side_encryption_configuration", name).rule[0].apply_server_side_encryption_by_default;
    expect(sse.sse_algorithm).toBe("aws:kms");
    expect(sse.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.Key_\w+\.arn\}$/);
    expect(companion(eu, "aws_s3_bucket_public_access_block", name)).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const policy = JSON.parse(companion(eu, "aws_s3_bucket_policy", name).policy);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": false } } }));
    const key = Object.values(eu.resources("aws_kms_key"))[0]!;
    expect(key).toMatchObject({ multi_region: false, enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  it("passes every guardrail that applies (residency, security, data loss) with no exception", () => {
    const result = runGuardrails([{ name: "state-eu", json: eu.json }], { manifest });
    const findings = result.stacks[0]!.findings;
    expect(findings.filter((f) => f.status === "non-compliant").map((f) => `${f.ruleId} ${f.address}: ${f.detail}`)).toEqual([]);
    for (const rule of ["RK-SEC-005", "RK-DL-001"]) expect(findings.some((f) => f.ruleId === rule && f.status === "compliant"), rule).toBe(true);
  });
});

const mirror = process.env[MIRROR_ENV];
const skip = terraformTestsSkipped("bootstrap terraform tests");

describe.skipIf(!!skip)("StateBootstrapStack with real terraform (offline; nothing is applied)", { timeout: 600_000 }, () => {
  it("validates and plans: creates only, the state bucket among them", async () => {
    const work = mkdtempSync(join(tmpdir(), "rk-bootstrap-"));
    const env = offlineTerraformEnv(work, mirror);
    const dir = prepareWorkDir(work, { name: "state-eu", json: eu.json });
    const init = terraform(["init", "-input=false", "-no-color"], dir, env);
    expect(init.ok, `terraform init: ${init.output}`).toBe(true);
    // validate and plan only read the initialized directory (the plan with -lock=false): side by side, since
    // each is one terraform process busy for seconds.
    const runs = [["validate", "-no-color"], ["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=plan.bin"]];
    const results = await Promise.all(runs.map((args) => terraformAsync(args, dir, env)));
    runs.forEach((args, i) => expect(results[i]!.ok, `terraform ${args[0]}: ${results[i]!.output}`).toBe(true));
    const show = JSON.parse(terraform(["show", "-json", "plan.bin"], dir, env).output) as { resource_changes: Array<{ address: string; change: { actions: string[] } }> };
    expect(new Set(show.resource_changes.map((c) => c.change.actions.join()))).toEqual(new Set(["create"]));
    expect(show.resource_changes.map((c) => c.address)).toContain(`aws_s3_bucket.${stateBucket[0]}`);
  });
});
