import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPORT_MARKER } from "../../guardrails/report.js";

/** The GitHub workflows, checked offline by a workflow linter (action-validator: GitHub's workflow schema) and for what they must do. */
const DIR = join(__dirname, "..", "..", ".github", "workflows");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const text = (f: string) => readFileSync(join(DIR, f), "utf8");
const workflow = (f: string) => parse(text(f)) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, any> };
const scripts = (JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
const steps = (f: string, job: string): Step[] => workflow(f).jobs[job].steps;

describe("GitHub workflows", () => {
  it("has the pull-request and the deploy workflow", () => {
    expect(FILES.sort()).toEqual(["deploy.yml", "pull-request.yml"]);
  });

  it.each(FILES)("%s passes the workflow linter", (file) => {
    expect(validateWorkflow(text(file)).errors).toEqual([]);
  });

  it("the linter catches a broken workflow (so the check above can fail)", () => {
    const broken = text("deploy.yml").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest");
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it.each(FILES)("%s only runs npm scripts that exist", (file) => {
    const used = [...text(file).matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((s) => !scripts[s])).toEqual([]);
  });

  it("pull request: checks, plans against the merge base, one report comment, SARIF upload, red fails", () => {
    const s = steps("pull-request.yml", "review");
    const runs = s.map((x) => x.run ?? "").join("\n");
    for (const command of ["npm run typecheck", "npm run synth", "npm test", 'npm run plan -- --base "$RUNNER_TEMP/base/cdktf.out"', "npm run report -- --base"]) expect(runs).toContain(command);
    expect(runs).toMatch(/git merge-base "origin\/\$\{\{ github\.base_ref \}\}" HEAD/);
    const comment = s.find((x) => x.uses?.startsWith("actions/github-script@"))!;
    // One comment: found again by the marker the report starts with, then updated.
    expect(String(comment.with!.script)).toContain(`"${REPORT_MARKER}"`);
    expect(String(comment.with!.script)).toContain("updateComment");
    expect(s.find((x) => x.uses?.startsWith("github/codeql-action/upload-sarif@"))!.with).toMatchObject({ sarif_file: "cdktf.out/guardrails.sarif" });
    expect(s.at(-1)!.if).toContain("steps.report.outcome == 'failure'");
    expect(workflow("pull-request.yml").permissions).toEqual({ contents: "read", "pull-requests": "write", "security-events": "write" });
  });

  it("deploy: OIDC credentials per stack's account and region, cdktf diff on pull requests, deploy on main, one job per stack", () => {
    const w = workflow("deploy.yml");
    expect(w.permissions["id-token"]).toBe("write");
    for (const [job, command] of [
      ["diff", "npm run diff -- ${{ matrix.stack }}"],
      ["deploy", "npm run deploy -- ${{ matrix.stack }} --auto-approve"],
      ["deploy-cdc", "npm run deploy -- ${{ matrix.stack }} --auto-approve"],
    ] as const) {
      const j = w.jobs[job];
      expect(j.strategy["fail-fast"], job).toBe(false);
      expect(j.strategy.matrix, job).toMatch(/^\$\{\{ fromJSON\(needs\.stacks\.outputs\.phase[12]\) \}\}$/);
      const creds = (j.steps as Step[]).find((x) => x.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
      expect(creds.with!["role-to-assume"], job).toMatch(/^arn:aws:iam::\$\{\{ matrix\.account \}\}:role\//);
      expect(creds.with!["aws-region"], job).toBe("${{ matrix.region }}");
      expect((j.steps as Step[]).map((x) => x.run), job).toContain(command);
    }
    expect(w.jobs.deploy.if).toContain("refs/heads/main");
    expect(w.jobs.diff.if).toContain("pull_request");
  });
});
