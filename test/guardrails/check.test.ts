import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MANIFEST_TEXT } from "../helpers.js";
import { merge, one, secureBucket, stackJson, writeSynthOutput } from "./fixtures.js";

const ROOT = join(__dirname, "..", "..");
const node = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", ...args], { encoding: "utf8", cwd: ROOT, env: { ...process.env, ...env } });

const outdir = (stacks: Record<string, Record<string, any>>): string => writeSynthOutput(mkdtempSync(join(tmpdir(), "rk-check-")), stacks);

const key = one("aws_kms_key", "K", { enable_key_rotation: true, multi_region: false, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });

describe("npm run check", () => {
  it("passes a synth output with no errors", () => {
    const run = node(["scripts/check.ts", outdir({ "data-eu": stackJson("data-eu", merge(key, secureBucket("B", { logsTo: "rk-eu-lake-logs-222222222222" }))) })]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/guardrails: 1 stack\(s\), \d+ rules, \d+ checks: 0 error\(s\)/);
  });

  it("fails on a hand-edited output, listing stack, address, rule id and fix", () => {
    const edited = stackJson("data-eu", one("aws_kms_key", "K", { enable_key_rotation: true, multi_region: true, lifecycle: { prevent_destroy: true } }));
    const run = node(["scripts/check.ts", outdir({ "data-eu": edited })]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/ERROR data-eu aws_kms_key\.K \[RK-RES-007 kms-single-region\]: multi_region is true\n\s+fix: Use RegionalKey/);
  });

  it("checks the stacks manifest.json lists, not a stack folder an earlier synth left behind", () => {
    const dir = outdir({ "data-eu": stackJson("data-eu", merge(key, secureBucket("B", { logsTo: "rk-eu-lake-logs-222222222222" }))) });
    // A region since removed: its folder is still there, holding what would be an error.
    mkdirSync(join(dir, "stacks", "data-gone"), { recursive: true });
    writeFileSync(join(dir, "stacks", "data-gone", "cdk.tf.json"), JSON.stringify(stackJson("data-eu", one("aws_kms_key", "K", { multi_region: true }))));
    const run = node(["scripts/check.ts", dir]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/guardrails: 1 stack\(s\)/);
  });

  it("refuses a directory that is no synth output, in one line: no manifest.json, or one listing no stacks", () => {
    const bare = mkdtempSync(join(tmpdir(), "rk-check-"));
    mkdirSync(join(bare, "stacks"));
    const missing = node(["scripts/check.ts", bare]);
    expect([missing.status, missing.stderr.trim()]).toEqual([2, `error: synth output not found: ${join(bare, "manifest.json")}`]);
    const empty = node(["scripts/check.ts", writeSynthOutput(mkdtempSync(join(tmpdir(), "rk-check-")), {})]);
    expect(empty.status).toBe(1);
    expect(empty.stderr.trim()).toMatch(/^error: no synth output in \S+: \S+manifest\.json lists no stacks$/);
  });
});

describe("npm run synth", () => {
  it("refuses a manifest exception with no known rule before synthesizing, naming it, and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "rk-synth-"));
    const manifest = join(dir, "regions.yaml");
    writeFileSync(manifest, `${DEFAULT_MANIFEST_TEXT.trimEnd()}\nexceptions:\n  - rule: RK-SEC-999\n    resource: aws_s3_bucket.X\n    reason: this rule does not exist\n`);
    const run = node(["main.ts"], { REGIONKIT_MANIFEST: manifest, CDKTF_OUTDIR: join(dir, "out") });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Invalid guardrail exceptions:\n\s+ERROR exception RK-SEC-999 on aws_s3_bucket\.X .*unknown rule id/);
    expect(run.stderr).toContain("synth FAILED");
    expect(run.stderr).toContain("nothing was written");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
