import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runGuardrails, type StackInput } from "../../guardrails/engine.js";
import { buildReport, diffStack, reportMarkdown, reportSarif } from "../../guardrails/report.js";
import { manifest, merge, one, secureBucket, stackJson } from "./fixtures.js";

const key = (name: string, patch: Record<string, unknown> = {}) =>
  one("aws_kms_key", name, { enable_key_rotation: true, multi_region: false, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true }, ...patch });
const role = one("aws_iam_role", "Role", { assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });

const base: StackInput[] = [
  { name: "data-eu", json: stackJson("data-eu", merge(key("Old"), key("Kept"), role)) },
  { name: "data-kr", json: stackJson("data-kr", key("KrKey")) },
];
const current: StackInput[] = [
  // Old key renamed to New (a stateful removal), Kept's rotation turned off (a change and a failure), role removed.
  { name: "data-eu", json: stackJson("data-eu", merge(key("New"), key("Kept", { enable_key_rotation: false }), one("aws_kms_key", "Multi", { multi_region: true, enable_key_rotation: true, lifecycle: { prevent_destroy: true } }))) },
];
const exceptions = [{ rule: "RK-RES-007", stack: "data-eu", resource: "aws_kms_key.Multi", reason: "reviewed: test key never replicated", source: "regions.yaml" }];
const result = runGuardrails(current, { manifest, exceptions });
const report = buildReport(result, current, base);

describe("diff against a base synth", () => {
  it("lists added, removed and changed addresses, stateful removals first", () => {
    const d = diffStack(base[0], current[0]);
    expect(d.added.map((e) => e.address)).toEqual(["aws_kms_key.Multi", "aws_kms_key.New"]);
    expect(d.removed.map((e) => [e.address, e.stateful])).toEqual([
      ["aws_kms_key.Old", true],
      ["aws_iam_role.Role", false],
    ]);
    expect(d.changed).toEqual([{ address: "aws_kms_key.Kept", type: "aws_kms_key", stateful: true, attributes: ["enable_key_rotation"] }]);
  });

  it("treats a stack missing from the new synth as removed", () => {
    expect(report.removedStacks.map((s) => [s.stack, s.diff.removed.map((r) => r.address)])).toEqual([["data-kr", ["aws_kms_key.KrKey"]]]);
    expect(report.summary.statefulRemovals).toBe(2);
  });
});

describe("report.md", () => {
  const md = reportMarkdown(report);

  it("starts with the verdict and a per-stack table", () => {
    expect(md.split("\n")[0]).toBe("## regionkit guardrails: ❌ 1 error(s)");
    expect(md).toMatch(/\| `data-eu` \| eu \| 3 \| \d+ \| ❌ 1 \| 0 \| 1 \| 2 \| ⚠️ 2 \| 1 \|/);
  });

  it("marks a stack the base did not have as new", () => {
    const md2 = reportMarkdown(buildReport(result, current, [base[1]!]));
    expect(md2).toMatch(/\| `data-eu` \(new\) \| eu \| 3 \|/);
    expect(md).not.toContain("(new)");
  });

  it("flags stateful removals before the failed checks", () => {
    const removals = md.indexOf("### ⚠️ Stateful resources removed (2)");
    expect(removals).toBeGreaterThan(0);
    expect(removals).toBeLessThan(md.indexOf("### ❌ Failed checks"));
    expect(md).toContain("| `data-eu` | `aws_kms_key.Old` | aws_kms_key |");
    expect(md).toContain("| `data-kr` | `aws_kms_key.KrKey` | aws_kms_key |");
  });

  it("lists failures with rule, reason and fix, and exceptions with their reason", () => {
    expect(md).toMatch(/\| `data-eu` \| `aws_kms_key\.Kept` \| RK-SEC-035 kms-key-rotation \| enable_key_rotation is not true \| Set enable_key_rotation = true/);
    expect(md).toContain("| `data-eu` | `aws_kms_key.Multi` | RK-RES-007 kms-single-region | reviewed: test key never replicated | regions.yaml |");
  });

  it("folds each stack's resource counts and diff into a details block", () => {
    expect(md).toMatch(/<details><summary><code>data-eu<\/code>: 3 resources, \+2 −2 ~1<\/summary>/);
    expect(md).toContain("- **stateful** `aws_kms_key.Kept`: `enable_key_rotation`");
  });
});

describe("report.md with a Terraform plan summary", () => {
  it("shows each stack's plan and names blocked destroys", () => {
    const md = reportMarkdown(report, {
      base: "/base",
      stacks: [{ stack: "data-eu", status: "planned", create: 2, update: 0, replace: 0, destroy: 1, blocked: ["aws_kms_key.Old (delete)"] }],
    });
    expect(md).toContain("### Terraform plan against the base ❌ 1 stateful destroy/replace");
    expect(md).toContain("| `data-eu` | planned | 2 | 0 | 0 | 1 | ❌ aws_kms_key.Old (delete) |");
  });
});

describe("SARIF", () => {
  const sarif = reportSarif(result, new Map([["data-eu", { uri: "cdktf.out/stacks/data-eu/cdk.tf.json", text: JSON.stringify(current[0]!.json, null, 2) }]])) as any;

  it("is SARIF 2.1.0 with every rule described", () => {
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain("RK-SEC-035");
  });

  it("has one result per non-compliant finding, excepted ones suppressed with the reason", () => {
    const results = sarif.runs[0].results;
    expect(results.map((r: any) => [r.ruleId, r.locations[0].logicalLocations[0].fullyQualifiedName, r.suppressions?.[0]?.justification])).toEqual([
      ["RK-RES-007", "data-eu/aws_kms_key.Multi", "reviewed: test key never replicated"],
      ["RK-SEC-035", "data-eu/aws_kms_key.Kept", undefined],
    ]);
    expect(results[1].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: "cdktf.out/stacks/data-eu/cdk.tf.json" }, region: { startLine: expect.any(Number) } });
  });
});

describe("npm run report", () => {
  it("writes report.md, report.json and guardrails.sarif into the output directory", () => {
    const write = (dir: string, stacks: StackInput[]) => {
      for (const s of stacks) {
        mkdirSync(join(dir, "stacks", s.name), { recursive: true });
        writeFileSync(join(dir, "stacks", s.name, "cdk.tf.json"), JSON.stringify(s.json, null, 2));
      }
    };
    const root = mkdtempSync(join(tmpdir(), "rk-report-"));
    write(join(root, "base"), base);
    write(join(root, "out"), [{ name: "data-eu", json: stackJson("data-eu", secureBucket()) }]);
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/report.ts", "--out", join(root, "out"), "--base", join(root, "base")], { encoding: "utf8", cwd: join(__dirname, "..", "..") });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    for (const f of ["report.md", "report.json", "guardrails.sarif"]) expect(existsSync(join(root, "out", f))).toBe(true);
    const json = JSON.parse(readFileSync(join(root, "out", "report.json"), "utf8"));
    // Old and Kept from data-eu, KrKey from the vanished data-kr.
    expect(json.summary.statefulRemovals).toBe(3);
  });
});
