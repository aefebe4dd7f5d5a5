import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { helpText, parseCli, UsageError, type CliSpec } from "../../scripts/lib/cli.js";

const spec = (argv: string[]): CliSpec<{ base: { type: "string"; description: string; required: true }; quiet: { type: "boolean"; description: string } }> => ({
    usage: "npm run demo -- --base <dir> [<file>...]",
    description: "A demo.",
    options: { base: { type: "string", description: "earlier cdktf.out", required: true }, quiet: { type: "boolean", description: "less output" } },
    positionals: { usage: "[<file>...]" },
    examples: ["npm run demo -- --base /tmp/base"],
  argv,
});

describe("scripts/lib/cli", () => {
  it("parses known flags and positionals", () => {
    expect(parseCli(spec(["--base", "b", "--quiet", "x.json"]))).toEqual({ values: { base: "b", quiet: true }, positionals: ["x.json"] });
  });

  it("returns help for --help and -h, whatever else is given", () => {
    expect(parseCli(spec(["--help"]))).toBe("help");
    expect(parseCli(spec(["-h", "--base", "b"]))).toBe("help");
  });

  it("fails an unknown flag with a one-line message naming it", () => {
    expect(() => parseCli(spec(["--base", "b", "--bogus"]))).toThrow(new UsageError("Unknown option '--bogus'"));
  });

  it("fails a missing required flag", () => {
    expect(() => parseCli(spec([]))).toThrow("--base is required");
  });

  it("fails positionals a command does not take", () => {
    expect(() => parseCli({ ...spec(["--base", "b", "extra"]), positionals: undefined })).toThrow("unexpected argument 'extra'");
  });

  it("help lists every flag, the environment and the examples", () => {
    const text = helpText({ ...spec([]), env: { REGIONKIT_PROVIDER_MIRROR: "provider mirror" } });
    expect(text).toContain("usage: npm run demo -- --base <dir> [<file>...]");
    expect(text).toMatch(/--base <value> +earlier cdktf.out \(required\)/);
    expect(text).toMatch(/--quiet +less output/);
    expect(text).toMatch(/-h, --help/);
    expect(text).toContain("REGIONKIT_PROVIDER_MIRROR  provider mirror");
    expect(text).toContain("examples:\n  npm run demo -- --base /tmp/base");
  });

  it("a script exits 2 with one line on an unknown flag, 0 with usage on --help", () => {
    const dir = mkdtempSync(join(tmpdir(), "rk-cli-"));
    const script = join(dir, "s.ts");
    writeFileSync(script, `import { cli } from ${JSON.stringify(join(__dirname, "../../scripts/lib/cli.ts"))};\ncli({ usage: "s", description: "d", options: {}, examples: ["s"] });\nconsole.log("ran");\n`);
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", script, ...args], { encoding: "utf8", cwd: join(__dirname, "../..") });
    const bad = run("--nope");
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe("error: Unknown option '--nope' (see --help)");
    expect(bad.stdout).toBe("");
    const help = run("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: s\n/);
    expect(help.stdout).not.toContain("ran");
  });
});
