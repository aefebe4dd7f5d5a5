import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runGuardrails } from "../../guardrails/engine.js";
import type { GuardrailException } from "../../guardrails/exceptions.js";
import type { Outcome, Rule } from "../../guardrails/types.js";
import { TAGS } from "../../stacks/kit-stack.js";
import { manifestOf } from "../helpers.js";

/** Small hand-made Terraform JSON for guardrail tests: a stack's providers plus the resources under test. */

export const manifest = manifestOf();

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

const tags = (stack: string, region: string, jurisdiction: string, dataClass: string) => [
  { tags: { [TAGS.region]: region, [TAGS.jurisdiction]: jurisdiction, [TAGS.dataClass]: dataClass, [TAGS.stack]: stack } },
];

/** Providers as the kit writes them: data-eu has eu-central-1 and a `backup` alias in eu-west-1. */
export function providersFor(stack: string): Record<string, unknown> {
  if (stack === "central" || stack === "warehouse") return { aws: [{ region: "us-west-2", default_tags: tags(stack, "central", "none", "no-customer-data") }] };
  if (stack.startsWith("cdc-")) return { kubernetes: [{}] };
  const id = stack.replace(/^data-/, "");
  const region = manifest.regions.find((r) => r.id === id);
  if (!region) return { aws: [{ region: "eu-central-1" }] };
  const blocks: Array<Record<string, unknown>> = [{ region: region.awsRegion, default_tags: tags(stack, id, region.jurisdiction, "customer") }];
  if (region.backupRegion) blocks.push({ alias: "backup", region: region.backupRegion, default_tags: tags(stack, id, region.jurisdiction, "customer") });
  return { aws: blocks };
}

export function stackJson(stack: string, resource: Resources, extra: Record<string, unknown> = {}): Record<string, any> {
  return { provider: providersFor(stack), resource, ...extra };
}

/** A cdktf output directory as a synth writes it: each stack's cdk.tf.json, and manifest.json listing them. */
export function writeSynthOutput(dir: string, stacks: Record<string, Record<string, any>>): string {
  const entries: Record<string, unknown> = {};
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
    entries[name] = { name, constructPath: name, workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, annotations: [], dependencies: [] };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: entries }, null, 2));
  return dir;
}

/** Merge resource maps (`{type: {name: attrs}}`). */
export function merge(...parts: Resources[]): Resources {
  const out: Resources = {};
  for (const p of parts) for (const [type, byName] of Object.entries(p)) out[type] = { ...(out[type] ?? {}), ...byName };
  return out;
}

export const one = (type: string, name: string, attrs: Record<string, unknown>): Resources => ({ [type]: { [name]: attrs } });

/** A bucket with every SecureBucket companion; `drop` leaves companions out, `patch` overrides them. */
export function secureBucket(
  name = "B",
  opts: { bucket?: Record<string, unknown>; drop?: string[]; patch?: Record<string, Record<string, unknown>>; logsTo?: string } = {},
): Resources {
  const ref = `\${aws_s3_bucket.${name}.id}`;
  const companions: Record<string, Record<string, unknown>> = {
    aws_s3_bucket_versioning: { bucket: ref, versioning_configuration: { status: "Enabled" } },
    aws_s3_bucket_server_side_encryption_configuration: {
      bucket: ref,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.K.arn}" }, bucket_key_enabled: true }],
    },
    aws_s3_bucket_public_access_block: { bucket: ref, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
    aws_s3_bucket_ownership_controls: { bucket: ref, rule: { object_ownership: "BucketOwnerEnforced" } },
    aws_s3_bucket_policy: {
      bucket: ref,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": false } } }],
      }),
    },
    aws_s3_bucket_logging: { bucket: ref, target_bucket: opts.logsTo ?? "${aws_s3_bucket.Logs.id}", target_prefix: `${name}/` },
  };
  const out: Resources = { aws_s3_bucket: { [name]: { bucket: `rk-test-${name.toLowerCase()}`, force_destroy: false, lifecycle: { prevent_destroy: true }, ...opts.bucket } } };
  for (const [type, attrs] of Object.entries(companions)) {
    if (opts.drop?.includes(type)) continue;
    out[type] = { [`${name}_${type.replace("aws_s3_bucket_", "")}`]: { ...attrs, ...(opts.patch?.[type] ?? {}) } };
  }
  return out;
}

export interface RuleCase {
  readonly name: string;
  /** @default "data-eu" */
  readonly stack?: string;
  readonly resources: Resources;
  /** Address of the resource the outcome is about (or a stack-level address like `provider`). */
  readonly target: string;
  readonly extra?: Record<string, unknown>;
}

export interface RuleCases {
  readonly rule: Rule;
  readonly compliant: readonly RuleCase[];
  readonly nonCompliant: readonly RuleCase[];
}

/** The outcome of one rule on one resource of a fixture stack; not-applicable when the rule produced nothing. */
export function outcomeOf(rule: Rule, c: RuleCase, exceptions: GuardrailException[] = []): Outcome & { excepted: boolean } {
  const stack = c.stack ?? "data-eu";
  const result = runGuardrails([{ name: stack, json: stackJson(stack, c.resources, c.extra) }], {
    manifest,
    packs: [{ name: "test", description: "one rule", rules: [rule] }],
    exceptions,
  });
  const f = result.stacks[0]!.findings.find((x) => x.address === c.target);
  return f ? { status: f.status, detail: f.detail, excepted: !!f.exception } : { status: "not-applicable", excepted: false };
}

/** One describe per rule: every compliant case passes, every non-compliant one fails with a detail. */
export function runRuleCases(family: Rule["family"], all: readonly RuleCases[], rules: readonly Rule[]): void {
  it(`has a compliant and a non-compliant case for every ${family} rule`, () => {
    const covered = new Set(all.filter((c) => c.compliant.length > 0 && c.nonCompliant.length > 0).map((c) => c.rule.id));
    expect(rules.filter((r) => r.family === family && !covered.has(r.id)).map((r) => r.id)).toEqual([]);
  });
  for (const rc of all) {
    describe(`${rc.rule.id} ${rc.rule.name}`, () => {
      for (const c of rc.compliant) {
        it(`passes ${c.name}`, () => {
          const o = outcomeOf(rc.rule, c);
          expect(o.detail).toBeUndefined();
          expect(o.status).toBe("compliant");
        });
      }
      for (const c of rc.nonCompliant) {
        it(`fails ${c.name}`, () => {
          const o = outcomeOf(rc.rule, c);
          expect(o.status).toBe("non-compliant");
          expect(o.detail).toBeTruthy();
        });
      }
    });
  }
}
