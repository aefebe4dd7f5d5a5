import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Every command's manners, run as a user would: `--help` prints usage and examples and does nothing else; a bad flag is one line. */
const ROOT = join(__dirname, "..", "..");
const SCRIPTS = readdirSync(join(ROOT, "scripts")).filter((f) => f.endsWith(".ts"));
/** Every command npm runs, by path: the scripts, the app (npm run synth) and the reshard demo. */
const COMMANDS = [...SCRIPTS.map((s) => join("scripts", s)), "main.ts", join("reshard", "demo.ts")];
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join("scripts", script), ...args], { encoding: "utf8", cwd: ROOT });

interface HelpRun {
  readonly script: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe("command-line manners", () => {
  // Every script's --help in one process (help-harness.ts): a process each costs ~0.7 s, ~10 s for all of them
  // (three times that when the suite loads the machine). Two scripts that are not commands check the harness itself:
  // one ignores --help and goes on (so it must not pass), one exits with its own code.
  let help: Map<string, HelpRun>;
  const controls = mkdtempSync(join(tmpdir(), "rk-manners-"));
  const ignoresHelp = join(controls, "ignores-help.ts");
  const exits3 = join(controls, "exits-3.ts");

  beforeAll(() => {
    writeFileSync(ignoresHelp, `console.log("ran with", process.argv.slice(2).join(" "));\n`);
    writeFileSync(exits3, `if (require.main === module) { console.error("bad"); process.exit(3); }\nconsole.log("not reached");\n`);
    const r = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "help-harness.ts"), ...COMMANDS, ignoresHelp, exits3], { encoding: "utf8", cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    help = new Map((JSON.parse(r.stdout) as HelpRun[]).map((h) => [h.script, h]));
  });

  afterAll(() => rmSync(controls, { recursive: true, force: true }));

  it.each(COMMANDS)("%s --help prints usage with an example and exits 0", (script) => {
    const r = help.get(script)!;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run /);
    expect(r.stdout).toMatch(/\nexamples:\n {2}\S/);
  });

  it("the one-process --help run reports a script that ignores --help, and a script's own exit code", () => {
    expect(help.get(ignoresHelp)).toEqual({ script: ignoresHelp, status: null, stdout: "ran with --help\n", stderr: "" });
    expect(help.get(exits3)).toEqual({ script: exits3, status: 3, stdout: "", stderr: "bad\n" });
  });

  it("rejects an unknown flag in one line with exit 2", () => {
    const r = run("plan-guard.ts", "--no-such-flag");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: Unknown option '--no-such-flag' (see --help)\n");
  });

  it("npm run shard-vectors (Python) prints usage on --help and refuses an unknown argument in one line, writing nothing", () => {
    const py = (...args: string[]) => spawnSync("python3", [join("scripts", "shard-vectors.py"), ...args], { encoding: "utf8", cwd: ROOT });
    const h = py("--help");
    expect([h.status, h.stderr]).toEqual([0, ""]);
    expect(h.stdout).toMatch(/^usage: npm run shard-vectors\n[\s\S]*\nexamples:\n {2}\S/);
    expect(h.stdout).not.toContain("wrote");
    const bad = py("--no-such-flag");
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([2, "", "error: unrecognized arguments: --no-such-flag (see --help)\n"]);
  });

  it("plan-guard reports a missing plan file in one line, without a stack trace", () => {
    const r = run("plan-guard.ts", "missing-plan.json");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: plan not found: missing-plan.json\n");
  });
});
