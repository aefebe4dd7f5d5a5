import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack, Testing } from "cdktf";
import { afterAll, describe, expect, it } from "vitest";
import { RegionalKey } from "../../constructs/keys/regional-key.js";
import type { StackInput } from "../../guardrails/engine.js";
import { guardPlan } from "../../guardrails/plan-guard.js";
import { planStackAgainstBase, preventDestroyAddresses, resolveReferences, sensitivePaths } from "../../scripts/lib/plan.js";
import { GOGC_DEFAULT, MIRROR_ENV, offlineTerraformEnv } from "../../scripts/lib/terraform.js";
import { synthesize, terraformTestsSkipped } from "../helpers.js";

/**
 * Real Terraform against the offline provider mirror: a tiny stack (a key and a queue), three
 * changes. Skipped, with the reason, when terraform or the mirror is missing.
 */
const mirror = process.env[MIRROR_ENV];
const skip = terraformTestsSkipped("plan integration tests");

interface Tiny {
  readonly keyId?: string;
  readonly queueName?: string;
  readonly keptQueueName?: string;
  readonly extraQueue?: boolean;
}

function tinyStack(opts: Tiny): StackInput {
  const stack = new TerraformStack(Testing.app(), "data-tiny");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  new RegionalKey(stack, opts.keyId ?? "Key", { aliasName: "rk-tiny-key", description: "tiny", accountId: "222222222222", awsRegion: "eu-central-1" });
  // aws_sqs_queue is stateful (guardrails/stateful.ts) but has no prevent_destroy here, so a replace reaches the guard.
  new SqsQueue(stack, "Queue", { name: opts.queueName ?? "rk-tiny-queue" });
  new SqsQueue(stack, "Kept", { name: opts.keptQueueName ?? "rk-tiny-kept", lifecycle: { preventDestroy: true } });
  if (opts.extraQueue) new SqsQueue(stack, "Extra", { name: "rk-tiny-extra" });
  return { name: "data-tiny", json: synthesize(stack).json };
}

/**
 * A work root of its own per case, so the cases run side by side (`it.concurrent`): each terraform run is
 * one process busy for seconds, and the cases after the first only wait for the base state, which
 * planStackAgainstBase builds once per base config for every case (scripts/lib/plan.ts `baseStates`).
 */
const workRoots: string[] = [];
const env = () => {
  const work = mkdtempSync(join(tmpdir(), "rk-plan-"));
  workRoots.push(work);
  return { work, env: offlineTerraformEnv(work, mirror) };
};
afterAll(() => {
  for (const dir of workRoots) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!!skip)("npm run plan against a base synth (real terraform)", { timeout: 240_000 }, () => {
  it.concurrent("reports only creates for a change that adds", async ({ expect }) => {
    const { work, env: e } = env();
    const p = await planStackAgainstBase(tinyStack({}), tinyStack({ extraQueue: true }), work, e);
    expect(p.error).toBeUndefined();
    expect(p.status).toBe("planned");
    const changes = (p.plan!.resource_changes ?? []).filter((c) => c.change.actions.join() !== "no-op");
    expect(changes.map((c) => [c.address, c.change.actions])).toEqual([["aws_sqs_queue.Extra", ["create"]]]);
    expect(guardPlan(p.plan!).blocked).toEqual([]);
  });

  it.concurrent("fails the guard when a stateful construct is renamed (the old address is deleted)", async ({ expect }) => {
    // prevent_destroy lives in the resource block: once the block is renamed, Terraform plans a plain
    // delete of the old address, so the destroy guard is what catches a rename.
    const { work, env: e } = env();
    const p = await planStackAgainstBase(tinyStack({}), tinyStack({ keyId: "LakeKey" }), work, e);
    expect(p.error).toBeUndefined();
    const blocked = guardPlan(p.plan!).blocked;
    expect(blocked.map((b) => [b.type, b.kind])).toEqual([["aws_kms_key", "delete"]]);
    expect(blocked[0]!.address).toMatch(/^aws_kms_key\.Key_/);
  });

  it.concurrent("plans a stack new in this synth against no state: creates only", async ({ expect }) => {
    const { work, env: e } = env();
    const p = await planStackAgainstBase(undefined, tinyStack({}), work, e);
    expect(p.status).toBe("new-stack");
    expect(new Set(p.plan!.resource_changes!.map((c) => c.change.actions.join()))).toEqual(new Set(["create"]));
  });

  it.concurrent("is stopped by prevent_destroy when a change forces replacement of a protected resource", async ({ expect }) => {
    const { work, env: e } = env();
    const p = await planStackAgainstBase(tinyStack({}), tinyStack({ keptQueueName: "rk-tiny-kept-v2" }), work, e);
    expect(p.status).toBe("failed");
    expect(p.preventDestroyBlocked).toEqual(["aws_sqs_queue.Kept"]);
  });

  it.concurrent("fails the guard when an attribute change forces replacement of a stateful resource", async ({ expect }) => {
    const { work, env: e } = env();
    const p = await planStackAgainstBase(tinyStack({}), tinyStack({ queueName: "rk-tiny-queue-v2" }), work, e);
    expect(p.error).toBeUndefined();
    const queue = p.plan!.resource_changes!.find((c) => c.address === "aws_sqs_queue.Queue")!;
    expect(queue.change.actions).toEqual(["delete", "create"]);
    expect(queue.action_reason).toBe("replace_because_cannot_update");
    expect(guardPlan(p.plan!).blocked.map((b) => [b.address, b.kind])).toEqual([["aws_sqs_queue.Queue", "replace"]]);
  });
});

describe("npm run plan without terraform work", () => {
  it("reports a stack missing from the new synth as removed", async () => {
    expect((await planStackAgainstBase(tinyStack({}), undefined, env().work, {})).status).toBe("removed-stack");
  });
});

describe("the offline terraform environment", () => {
  it("lets Go collect garbage less often (GOGC) unless the user set GOGC", () => {
    const root = env().work;
    const saved = process.env.GOGC;
    try {
      delete process.env.GOGC;
      expect(offlineTerraformEnv(root, undefined).GOGC).toBe(GOGC_DEFAULT);
      process.env.GOGC = "150";
      expect(offlineTerraformEnv(root, undefined).GOGC).toBe("150");
    } finally {
      if (saved === undefined) delete process.env.GOGC;
      else process.env.GOGC = saved;
    }
  });
});

describe("prevent_destroy errors", () => {
  it("names the address even where Terraform wraps the message", () => {
    const output = `Error: Instance cannot be destroyed\n\nResource aws_s3_bucket.DataLake_Logs_7BB9DD5F has lifecycle.prevent_destroy\nset, but the plan calls for this resource to be destroyed.\n\nResource aws_sqs_queue.Kept has lifecycle.prevent_destroy set, but ...`;
    expect(preventDestroyAddresses(output)).toEqual(["aws_s3_bucket.DataLake_Logs_7BB9DD5F", "aws_sqs_queue.Kept"]);
  });
});

describe("state from planned values", () => {
  const lookup = (address: string, attr: string) => ({ "aws_s3_bucket.B": { arn: "arn:aws:s3:::b", id: "b" } })[address]?.[attr as "arn"];

  it("evaluates references inside strings as Terraform would", () => {
    expect(resolveReferences({ policy: '{"Resource":"${aws_s3_bucket.B.arn}/*"}', bucket: "${aws_s3_bucket.B.id}" }, lookup)).toEqual({ policy: '{"Resource":"arn:aws:s3:::b/*"}', bucket: "b" });
  });

  it("leaves what it cannot evaluate unknown (functions, missing resources)", () => {
    expect(resolveReferences("${base64encode(aws_s3_bucket.B.id)}", lookup)).toBeUndefined();
    expect(resolveReferences("${aws_s3_bucket.Gone.arn}", lookup)).toBeUndefined();
  });

  it("writes sensitivity as state paths (a sensitivity change alone would plan an update)", () => {
    expect(sensitivePaths({ value: true, tags: {}, rule: [{ secret: true }] })).toEqual([
      [{ type: "get_attr", value: "value" }],
      [{ type: "get_attr", value: "rule" }, { type: "index", value: { value: 0, type: "number" } }, { type: "get_attr", value: "secret" }],
    ]);
  });
});
