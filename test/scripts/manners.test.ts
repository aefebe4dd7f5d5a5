import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Every command's manners, run as a user would: `--help` prints usage and examples and does nothing else; a bad flag is one line. */
const ROOT = join(__dirname, "..", "..");
// bench.ts belongs to the speed work (branch speed-engine), which converts it to scripts/lib/cli.ts itself.
const SCRIPTS = readdirSync(join(ROOT, "scripts")).filter((f) => f.endsWith(".ts") && f !== "bench.ts");
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join("scripts", script), ...args], { encoding: "utf8", cwd: ROOT });

describe("command-line manners", () => {
  // Each is a process start (a second unloaded); the flag parsing itself is tested in cli.test.ts.
  it.each(SCRIPTS)("%s --help prints usage with an example and exits 0", (script) => {
    const r = run(script, "--help");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run /);
    expect(r.stdout).toMatch(/\nexamples:\n {2}\S/);
  });

  it("rejects an unknown flag in one line with exit 2", () => {
    const r = run("plan-guard.ts", "--no-such-flag");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: Unknown option '--no-such-flag' (see --help)\n");
  });

  it("plan-guard reports a missing plan file in one line, without a stack trace", () => {
    const r = run("plan-guard.ts", "missing-plan.json");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: plan not found: missing-plan.json\n");
  });
});
