import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GuardrailException } from "../../guardrails/exceptions.js";
import { changeKind, DESTROY_GUARD_RULE, formatGuard, guardPlan, type PlanJsonLike } from "../../guardrails/plan-guard.js";

const FIXTURES = join(__dirname, "fixtures", "plans");
const plan = (name: string): PlanJsonLike => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as PlanJsonLike;
const approve = (resource: string, reason = "migrating the bucket to the new layout, data copied first"): GuardrailException => ({
  rule: DESTROY_GUARD_RULE.id,
  resource,
  reason,
  source: "test",
});

describe("destroy guard", () => {
  it.each([
    [["create"], "create"],
    [["update"], "update"],
    [["delete"], "delete"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["no-op"], "no-op"],
  ])("classifies actions %j as %s", (actions, kind) => {
    expect(changeKind(actions)).toBe(kind);
  });

  it.each(["create", "update", "no-op"])("passes a plan that only does %s", (name) => {
    expect(guardPlan(plan(name)).blocked).toEqual([]);
  });

  it("passes deletes and replaces of stateless resources", () => {
    const result = guardPlan(plan("stateless-replace"));
    expect(result.blocked).toEqual([]);
    expect(result.counts).toMatchObject({ replace: 1, delete: 1 });
  });

  it("fails a plan that deletes a stateful resource, naming only that address", () => {
    expect(guardPlan(plan("delete")).blocked.map((b) => [b.address, b.kind])).toEqual([["aws_s3_bucket.Lake_Raw_1A2B3C4D", "delete"]]);
  });

  it("fails a replace that deletes first", () => {
    expect(guardPlan(plan("replace-delete-first")).blocked.map((b) => [b.address, b.kind])).toEqual([["aws_db_instance.Fleet_Shard001_0A1B2C3D", "replace"]]);
  });

  it("fails a replace that creates first (create_before_destroy still destroys)", () => {
    expect(guardPlan(plan("replace-create-first")).blocked.map((b) => [b.address, b.kind])).toEqual([["aws_kms_key.Keys_Lake_E304391B", "replace"]]);
  });

  it("lets through a destroy that an exception names exactly, with its reason", () => {
    const result = guardPlan(plan("delete"), [approve("aws_s3_bucket.Lake_Raw_1A2B3C4D")]);
    expect(result.blocked).toEqual([]);
    expect(result.excepted.map((x) => [x.address, x.exception])).toEqual([["aws_s3_bucket.Lake_Raw_1A2B3C4D", "migrating the bucket to the new layout, data copied first"]]);
  });

  it("fails when the exception is a glob, has a short reason, or is for another stack", () => {
    expect(guardPlan(plan("delete"), [approve("aws_s3_bucket.*")]).blocked).toHaveLength(1);
    expect(guardPlan(plan("delete"), [approve("aws_s3_bucket.Lake_Raw_1A2B3C4D", "ok")]).blocked).toHaveLength(1);
    expect(guardPlan(plan("delete"), [{ ...approve("aws_s3_bucket.Lake_Raw_1A2B3C4D"), stack: "data-us" }], "data-eu").blocked).toHaveLength(1);
  });

  it("names the address, rule and fix in its message", () => {
    expect(formatGuard(guardPlan(plan("replace-delete-first")), "data-eu")).toMatch(
      /ERROR aws_db_instance\.Fleet_Shard001_0A1B2C3D \[RK-DL-009 no-stateful-destroy\]: plan would replace a stateful aws_db_instance \(delete, create\), replace_because_cannot_update\n\s+fix: /,
    );
  });

  it("exits non-zero from npm run plan-guard on a stateful delete and zero on a create", () => {
    const run = (name: string) => spawnSync(process.execPath, ["--import", "tsx", "scripts/plan-guard.ts", join(FIXTURES, `${name}.json`)], { encoding: "utf8", cwd: join(__dirname, "..", "..") });
    const bad = run("delete");
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("aws_s3_bucket.Lake_Raw_1A2B3C4D");
    expect(run("create").status).toBe(0);
  });
});
