import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runGuardrails, type StackInput } from "../../guardrails/engine.js";
import { DESTROY_GUARD_RULE } from "../../guardrails/plan-guard.js";
import { buildReport, diffStack, reportMarkdown, reportSarif, REPORT_MARKER, type PlanSummary } from "../../guardrails/report.js";
import { sourceIndex } from "../../guardrails/sources.js";
import { DEFAULT_MANIFEST } from "../../regions/loader.js";
import { manifest, merge, one, secureBucket, stackJson, writeSynthOutput } from "./fixtures.js";

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
const report = buildReport(result, current, { base });

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

  it("starts with the comment marker, the verdict naming each kind of problem, and a per-stack table", () => {
    expect(md.split("\n").slice(0, 2)).toEqual([REPORT_MARKER, "## regionkit guardrails: ❌ 1 failed check, 2 stateful removals"]);
    expect(md).toMatch(/\| `data-eu` \| eu \| 3 \| \d+ \| ❌ 1 \| 0 \| 1 \| 2 \| ⚠️ 2 \| 1 \|/);
  });

  it("marks a stack the base did not have as new", () => {
    const md2 = reportMarkdown(buildReport(result, current, { base: [base[1]!] }));
    expect(md2).toMatch(/\| `data-eu` \(new\) \| eu \| 3 \|/);
    expect(md).not.toContain("(new)");
  });

  it("flags stateful removals before the failed checks", () => {
    const removals = md.indexOf("### ⚠️ Stateful resources removed (2)");
    expect(removals).toBeGreaterThan(0);
    expect(removals).toBeLessThan(md.indexOf("### ❌ Failed checks"));
    expect(md).toContain("| `data-eu` | `aws_kms_key.Old` | aws_kms_key | ❌ no |");
    expect(md).toContain("| `data-kr` | `aws_kms_key.KrKey` | aws_kms_key | ❌ no |");
  });

  it("lists failures with rule, reason and fix, and exceptions with their reason", () => {
    expect(md).toMatch(/\| `data-eu` \| `aws_kms_key\.Kept` \| RK-SEC-035 kms-key-rotation \| enable_key_rotation is not true \| Set enable_key_rotation = true/);
    expect(md).toContain("| RK-RES-007 kms-single-region | reviewed: test key never replicated | regions.yaml | `data-eu` `aws_kms_key.Multi` |");
  });

  it("folds each stack's resource counts and diff into a details block", () => {
    expect(md).toMatch(/<details><summary><code>data-eu<\/code>: 3 resources, \+2 −2 ~1<\/summary>/);
    expect(md).toContain("- **stateful** `aws_kms_key.Kept`: `enable_key_rotation`");
  });
});

describe("the verdict", () => {
  const clean: StackInput[] = [{ name: "data-eu", json: stackJson("data-eu", key("Kept")) }];
  const cleanResult = runGuardrails(clean, { manifest });
  const approve = { rule: DESTROY_GUARD_RULE.id, stack: "data-eu", resource: "aws_kms_key.Old", reason: "key retired after re-encrypting everything", source: "regions.yaml" };

  it("is green with nothing to report", () => {
    const r = buildReport(cleanResult, clean);
    expect(r.ok).toBe(true);
    expect(reportMarkdown(r).split("\n")[1]).toBe("## regionkit guardrails: ✅ passed");
  });

  it("fails on a stateful removal no RK-DL-009 exception approves, and passes once one does", () => {
    const before: StackInput[] = [{ name: "data-eu", json: stackJson("data-eu", merge(key("Kept"), key("Old"))) }];
    expect(buildReport(cleanResult, clean, { base: before }).ok).toBe(false);
    const approved = buildReport(cleanResult, clean, { base: before, exceptions: [approve] });
    expect(approved.ok).toBe(true);
    expect(reportMarkdown(approved)).toContain("| `data-eu` | `aws_kms_key.Old` | aws_kms_key | ✅ key retired after re-encrypting everything |");
  });

  it("fails on an input error and shows it", () => {
    const r = buildReport(cleanResult, clean, { errors: ["base synth: no synthesized stacks in /x/stacks"] });
    expect(r.ok).toBe(false);
    expect(reportMarkdown(r)).toContain("## regionkit guardrails: ❌ 1 error\n\n> ❌ base synth: no synthesized stacks in /x/stacks");
  });
});

describe("report.md with a Terraform plan summary", () => {
  const failedPlan: PlanSummary = {
    base: "/base",
    ok: false,
    stacks: [
      { stack: "central", status: "planned", ok: true, create: 0, update: 1, replace: 0, destroy: 0, blocked: [], changes: [{ address: "aws_s3_bucket.Logs", type: "aws_s3_bucket", actions: ["update"], attributes: ["tags", "tags_all"] }] },
      { stack: "data-eu", status: "planned", ok: false, create: 2, update: 0, replace: 0, destroy: 1, blocked: ["aws_kms_key.Old (delete)"] },
      { stack: "data-kr", status: "failed", ok: false, create: 0, update: 0, replace: 0, destroy: 0, blocked: [], error: "plan: Error: Null value found in list" },
    ],
  };
  const clean: StackInput[] = [{ name: "data-eu", json: stackJson("data-eu", key("Kept")) }];
  const r = buildReport(runGuardrails(clean, { manifest }), clean, { plan: failedPlan });
  const md = reportMarkdown(r);

  it("turns red and counts every failed or blocked plan, even with every check passing", () => {
    expect(r.summary.errors).toBe(0);
    expect(r.ok).toBe(false);
    expect(r.summary.failedPlans).toBe(2);
    expect(r.plan).toBe(failedPlan);
    expect(md.split("\n")[1]).toBe("## regionkit guardrails: ❌ 2 failed plans");
  });

  it("shows each stack's plan, names blocked destroys and quotes Terraform's error", () => {
    expect(md).toContain("### Terraform plan against the base ❌ 2 stacks failed or blocked");
    expect(md).toContain("| `data-eu` | ❌ planned | 2 | 0 | 0 | 1 | ❌ aws_kms_key.Old (delete) |");
    expect(md).toContain("❌ `data-kr`: Terraform plan failed\n\n```\nplan: Error: Null value found in list\n```");
  });

  it("folds each stack's address changes with the attributes that differ", () => {
    expect(md).toContain("<details><summary><code>central</code>: 1 address change</summary>");
    const two: PlanSummary = { ...failedPlan, stacks: [{ ...failedPlan.stacks[0]!, update: 2, changes: [...failedPlan.stacks[0]!.changes!, { address: "aws_s3_bucket.Other", type: "aws_s3_bucket", actions: ["update"], attributes: ["tags"] }] }] };
    expect(reportMarkdown(buildReport(runGuardrails(clean, { manifest }), clean, { plan: two }))).toContain("<details><summary><code>central</code>: 2 addresses change</summary>");
    expect(md).toContain("| ~ | `aws_s3_bucket.Logs` | `tags`, `tags_all` |");
  });

  it("is green when every plan passed", () => {
    const ok: PlanSummary = { base: "/base", ok: true, stacks: [failedPlan.stacks[0]!] };
    expect(buildReport(runGuardrails(clean, { manifest }), clean, { plan: ok }).ok).toBe(true);
  });

  it("adds sections from other capabilities before the per-stack details", () => {
    const withSection = reportMarkdown(r, [{ title: "Residency graph", render: (rep) => [`${rep.summary.stacks} stack(s) drawn`] }]);
    expect(withSection).toContain("### Residency graph\n\n1 stack(s) drawn");
    expect(withSection.indexOf("### Residency graph")).toBeLessThan(withSection.indexOf("### Stacks"));
  });
});

describe("excepted findings", () => {
  it("groups findings excepted by the same exception, so its reason shows once", () => {
    const stacks: StackInput[] = [{ name: "data-eu", json: stackJson("data-eu", merge(...["A", "B", "C"].map((n) => one("aws_kms_key", n, { multi_region: true, enable_key_rotation: true, lifecycle: { prevent_destroy: true } })))) }];
    const same = { rule: "RK-RES-007", stack: "data-eu", resource: "aws_kms_key.*", reason: "reviewed: test keys never replicated", source: "regions.yaml" };
    const md = reportMarkdown(buildReport(runGuardrails(stacks, { manifest, exceptions: [same] }), stacks));
    expect(md).toContain("### Excepted (3 findings, 1 exception)");
    expect(md.match(/reviewed: test keys never replicated/g)).toHaveLength(1);
    expect(md).toContain("| RK-RES-007 kms-single-region | reviewed: test keys never replicated | regions.yaml | 3 resources in `data-eu` |");
  });
});

describe("SARIF", () => {
  const repo = join(__dirname, "..", "..");
  const sources = sourceIndex(repo, DEFAULT_MANIFEST, readFileSync(DEFAULT_MANIFEST, "utf8"), manifest.regions.map((r) => r.id));
  const sarif = reportSarif(result, { sources, version: "0.1.0", informationUri: "https://example.test/guardrails/README.md" }) as any;

  it("is SARIF 2.1.0 with the tool's version, information URI and every rule described", () => {
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver).toMatchObject({ name: "regionkit-guardrails", version: "0.1.0", informationUri: "https://example.test/guardrails/README.md" });
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain("RK-SEC-035");
  });

  it("has one result per non-compliant finding, excepted ones suppressed with the reason", () => {
    const results = sarif.runs[0].results;
    expect(results.map((r: any) => [r.ruleId, r.message.text.split(":")[0], r.suppressions?.[0]?.justification])).toEqual([
      ["RK-RES-007", "data-eu aws_kms_key.Multi", "reviewed: test key never replicated"],
      ["RK-SEC-035", "data-eu aws_kms_key.Kept", undefined],
    ]);
  });

  it("locates a residency finding at its region's line in the manifest, never in cdktf.out", () => {
    const text = readFileSync(DEFAULT_MANIFEST, "utf8").split("\n");
    const at = sarif.runs[0].results[0].locations[0].physicalLocation;
    expect(at.artifactLocation.uri).toBe("regions/regions.yaml");
    expect(text[at.region.startLine - 1]).toMatch(/id: eu\b/);
    expect(JSON.stringify(sarif)).not.toContain("cdktf.out");
  });

  it("locates a finding at the source line that creates its construct", () => {
    // A path as cdktf writes it: the key helper of the network's flow logs (constructs/network/flow-logs.ts).
    const stack: StackInput = { name: "data-eu", json: stackJson("data-eu", one("aws_kms_key", "Network_FlowLogGroup_1", { "//": { metadata: { path: "data-eu/Network/FlowLogGroup" } }, enable_key_rotation: false, multi_region: false })) };
    const s = reportSarif(runGuardrails([stack], { manifest }), { sources, version: "0", informationUri: "x" }) as any;
    const rotation = s.runs[0].results.find((r: any) => r.ruleId === "RK-SEC-035");
    const at = rotation.locations[0].physicalLocation;
    expect(at.artifactLocation.uri).toBe("constructs/network/flow-logs.ts");
    expect(readFileSync(join(repo, at.artifactLocation.uri), "utf8").split("\n")[at.region.startLine - 1]).toContain('"FlowLogGroup"');
  });

  it("adds an RK-DL-009 result for each stateful destroy the plan blocked", () => {
    const plan: PlanSummary = { base: "/b", ok: false, stacks: [{ stack: "data-eu", status: "planned", ok: false, create: 0, update: 0, replace: 0, destroy: 1, blocked: ["aws_kms_key.Old (delete)"] }] };
    const s = reportSarif(result, { sources, version: "0", informationUri: "x", plan, extraRules: [DESTROY_GUARD_RULE], constructPathOf: () => "data-eu/ShardFleet/PoolerGroup" }) as any;
    const blocked = s.runs[0].results.find((r: any) => r.ruleId === "RK-DL-009");
    expect(blocked.message.text).toMatch(/^data-eu aws_kms_key\.Old \(delete\): the plan destroys a stateful resource/);
    expect(blocked.locations[0].physicalLocation.artifactLocation.uri).toBe("constructs/shard-fleet/shard-fleet.ts");
  });
});

describe("npm run report", () => {
  it("writes report.md, report.json and guardrails.sarif into the output directory", () => {
    const write = (dir: string, stacks: StackInput[]) => writeSynthOutput(dir, Object.fromEntries(stacks.map((s) => [s.name, s.json])));
    const root = mkdtempSync(join(tmpdir(), "rk-report-"));
    write(join(root, "base"), base);
    write(join(root, "out"), [{ name: "data-eu", json: stackJson("data-eu", secureBucket()) }]);
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/report.ts", "--out", join(root, "out"), "--base", join(root, "base")], { encoding: "utf8", cwd: join(__dirname, "..", "..") });
    // Red: the base's keys are gone (stateful removals no exception approves).
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^report FAILED: .*3 stateful removal\(s\)/);
    for (const f of ["report.md", "report.json", "guardrails.sarif"]) expect(existsSync(join(root, "out", f))).toBe(true);
    const json = JSON.parse(readFileSync(join(root, "out", "report.json"), "utf8"));
    // Old and Kept from data-eu, KrKey from the vanished data-kr.
    expect(json.summary.statefulRemovals).toBe(3);
    expect(json.ok).toBe(false);
  });

  it("writes a red report and exits 1 when an input is missing or a plan failed", () => {
    const root = mkdtempSync(join(tmpdir(), "rk-report-"));
    writeSynthOutput(join(root, "out"), { "data-eu": stackJson("data-eu", secureBucket()) });
    const plan: PlanSummary = { base: "/b", ok: false, stacks: [{ stack: "data-eu", status: "failed", ok: false, create: 0, update: 0, replace: 0, destroy: 0, blocked: [], error: "plan: Error: boom" }] };
    writeFileSync(join(root, "out", "plan-summary.json"), JSON.stringify(plan));
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/report.ts", "--out", join(root, "out"), "--base", join(root, "missing")], { encoding: "utf8", cwd: join(__dirname, "..", "..") });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error: base synth: no synth output in ${join(root, "missing")}: ${join(root, "missing", "manifest.json")} not found`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const json = JSON.parse(readFileSync(join(root, "out", "report.json"), "utf8"));
    expect(json).toMatchObject({ ok: false, summary: { failedPlans: 1 }, plan: { stacks: [{ stack: "data-eu", ok: false, error: "plan: Error: boom" }] } });
    expect(readFileSync(join(root, "out", "report.md"), "utf8").split("\n")[1]).toMatch(/^## regionkit guardrails: ❌ .*1 failed plan, 1 error$/);
  });
});
