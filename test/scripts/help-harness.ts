/**
 * `node --import tsx test/scripts/help-harness.ts <script>...`: runs each script with `--help`, one after the
 * other, in this one process, and prints a JSON array of `{ script, status, stdout, stderr }`.
 *
 * Why one process: a process start with tsx plus a script's imports costs ~0.7 s, and each script imports much
 * of the kit; here tsx and the shared modules load once (test/scripts/manners.test.ts checks argument handling,
 * not process start-up). Each script still runs as `npm run` runs it: loaded as the main module (so
 * `require.main === module` holds) with `process.argv` = [node, script, "--help"]. `process.exit` ends that
 * script's run, not the process: its code is the status, and nothing the script does afterwards is recorded.
 * A script that has not exited shortly after loading is reported with status null (it would go on running).
 */
import Module from "node:module";
import { writeSync } from "node:fs";
import { resolve } from "node:path";

interface Run {
  readonly script: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Thrown by the stand-in process.exit: unwinds the script's top level like the real exit would stop it. */
class Exited {
  constructor(readonly code: number) {}
}

// Loading a CommonJS module as the main one (what node does for its entry script); not in @types/node.
const loadAsMain = (file: string): unknown => (Module as unknown as { _load(request: string, parent: null, isMain: boolean): unknown })._load(file, null, true);

const runs: Run[] = [];
let current: (Run & { alive: boolean }) | undefined;

const exitProcess = process.exit.bind(process);
process.stdout.write = ((chunk: string | Uint8Array) => {
  if (current?.alive) current.stdout += String(chunk);
  return true;
}) as typeof process.stdout.write;
process.stderr.write = ((chunk: string | Uint8Array) => {
  if (current?.alive) current.stderr += String(chunk);
  return true;
}) as typeof process.stderr.write;
process.exit = ((code?: number | string | null) => {
  if (current?.alive) {
    current.status = Number(code ?? process.exitCode ?? 0);
    current.alive = false;
  }
  throw new Exited(Number(code ?? 0));
}) as typeof process.exit;
/** An uncaught error ends a run as it ends a process: printed, status 1. */
function crashed(run: Run & { alive: boolean }, e: unknown): void {
  if (e instanceof Exited || !run.alive) return;
  run.stderr += `${e instanceof Error ? e.stack : String(e)}\n`;
  run.status = 1;
  run.alive = false;
}
// An exit (or an error) from a promise chain, such as a script body run by scripts/lib/cli.ts `main`, or a timer.
process.on("unhandledRejection", (e) => current && crashed(current, e));
process.on("uncaughtException", (e) => current && crashed(current, e));

async function main(): Promise<void> {
  for (const script of process.argv.slice(2)) {
    const file = resolve(script);
    const run: Run & { alive: boolean } = { script, status: null, stdout: "", stderr: "", alive: true };
    current = run;
    process.argv = [process.execPath, file, "--help"];
    process.exitCode = undefined;
    try {
      loadAsMain(file);
    } catch (e) {
      crashed(run, e);
    }
    // Let an exit that waits on a promise or a timer happen; then the run is over either way.
    for (let i = 0; i < 20 && run.alive; i++) await new Promise((r) => setTimeout(r, 10));
    run.alive = false;
    runs.push({ script: run.script, status: run.status, stdout: run.stdout, stderr: run.stderr });
  }
  current = undefined;
  writeSync(1, `${JSON.stringify(runs)}\n`);
  exitProcess(0);
}

void main();
