import { existsSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * Command-line manners shared by every script: flags parsed strictly with `node:util` `parseArgs`,
 * `--help` prints usage with examples, an unknown flag or a missing file is one line on stderr and
 * exit code 2 (no stack trace), and long steps print progress.
 *
 *   const { values, positionals } = cli({
 *     usage: "npm run plan -- --base <dir> [--out <dir>]",
 *     description: "Plan the new synth against a base synth, offline.",
 *     options: { base: { type: "string", description: "earlier cdktf.out", required: true } },
 *     examples: ["npm run plan -- --base /tmp/base/cdktf.out"],
 *   });
 */

export interface CliOption {
  readonly type: "string" | "boolean";
  readonly description: string;
  readonly short?: string;
  /** Shown in the usage text; the script applies it (so an unset flag stays distinguishable). */
  readonly default?: string;
  /** The flag must be given; its absence is a usage error. */
  readonly required?: boolean;
}

export interface CliSpec<O extends Record<string, CliOption>> {
  /** First line of `--help`, e.g. `npm run plan -- --base <dir> [--out <dir>]`. */
  readonly usage: string;
  /** What the command does, one or two sentences. */
  readonly description: string;
  readonly options: O;
  /** Positional arguments: undefined = none allowed; otherwise their usage text (e.g. `<plan.json>...`). */
  readonly positionals?: { readonly usage: string; readonly min?: number; readonly max?: number };
  readonly examples: readonly string[];
  /** Environment variables the command reads, with what they do. */
  readonly env?: Readonly<Record<string, string>>;
  /** Defaults to `process.argv.slice(2)`; tests pass their own. */
  readonly argv?: readonly string[];
}

type Values<O extends Record<string, CliOption>> = { [K in keyof O]: O[K]["type"] extends "boolean" ? boolean | undefined : string | undefined };

export interface CliArgs<O extends Record<string, CliOption>> {
  readonly values: Values<O>;
  readonly positionals: string[];
}

/** A user error the script reports in one line (exit 2), never with a stack trace. */
export class UsageError extends Error {}

/** The help text: usage, description, options, environment, examples. */
export function helpText<O extends Record<string, CliOption>>(spec: CliSpec<O>): string {
  const flags = Object.entries(spec.options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? " <value>" : ""}`, `${o.description}${o.default ? ` (default ${o.default})` : ""}${o.required ? " (required)" : ""}`] as const);
  flags.push(["-h, --help", "show this help"]);
  const width = Math.max(...flags.map(([f]) => f.length));
  const lines = [`usage: ${spec.usage}`, "", spec.description, "", "options:", ...flags.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`)];
  const env = Object.entries(spec.env ?? {});
  if (env.length) lines.push("", "environment:", ...env.map(([k, d]) => `  ${k}  ${d}`));
  lines.push("", "examples:", ...spec.examples.map((e) => `  ${e}`));
  return `${lines.join("\n")}\n`;
}

/** Parse without exiting: throws UsageError on bad input, returns `"help"` when help was asked for. */
export function parseCli<O extends Record<string, CliOption>>(spec: CliSpec<O>): CliArgs<O> | "help" {
  const options: NonNullable<ParseArgsConfig["options"]> = { help: { type: "boolean", short: "h" } };
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...(spec.argv ?? process.argv.slice(2))], options, strict: true, allowPositionals: true });
  } catch (e) {
    // parseArgs messages are already one line and name the flag; drop Node's trailing hint about "--".
    throw new UsageError((e as Error).message.split(/\. To specify a positional/)[0]!);
  }
  if (parsed.values.help) return "help";
  const problems: string[] = [];
  for (const [name, o] of Object.entries(spec.options)) if (o.required && parsed.values[name] === undefined) problems.push(`--${name} is required`);
  const p = spec.positionals;
  const n = parsed.positionals.length;
  if (!p && n) problems.push(`unexpected argument${n > 1 ? "s" : ""} ${parsed.positionals.map((a) => `'${a}'`).join(", ")}`);
  if (p && n < (p.min ?? 0)) problems.push(`expected ${p.usage}`);
  if (p && p.max !== undefined && n > p.max) problems.push(`at most ${p.max} argument(s) (${p.usage}), got ${n}`);
  if (problems.length) throw new UsageError(problems.join("; "));
  return { values: parsed.values as Values<O>, positionals: parsed.positionals };
}

/** Parse `process.argv` for a script: prints help and exits 0, or prints one line and exits 2 on bad input. */
export function cli<O extends Record<string, CliOption>>(spec: CliSpec<O>): CliArgs<O> {
  try {
    const r = parseCli(spec);
    if (r === "help") {
      process.stdout.write(helpText(spec));
      process.exit(0);
    }
    return r;
  } catch (e) {
    if (e instanceof UsageError) fail(`${e.message} (see --help)`);
    throw e;
  }
}

/** Print one line on stderr and exit (2: bad input). */
export function fail(message: string, code = 2): never {
  console.error(`error: ${message}`);
  process.exit(code);
}

/** Every missing path, reported at once as one line each; exits 2 when any is missing. */
export function requireFiles(paths: ReadonlyArray<readonly [what: string, path: string]>): void {
  const missing = paths.filter(([, p]) => !existsSync(p));
  if (!missing.length) return;
  for (const [what, p] of missing) console.error(`error: ${what} not found: ${p}`);
  process.exit(2);
}

/**
 * Run a script body: a UsageError or a plain Error ends in one line on stderr (exit 2 / 1), not a
 * stack trace; `REGIONKIT_DEBUG=1` shows the trace.
 */
export function main(body: () => Promise<number | void> | number | void): void {
  Promise.resolve()
    .then(body)
    .then(
      (code) => process.exit(code ?? 0),
      (e: unknown) => {
        if (process.env.REGIONKIT_DEBUG) console.error(e);
        else console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(e instanceof UsageError ? 2 : 1);
      },
    );
}

/** Progress for a step that takes more than a few seconds: `label: 3/8 data-eu (12.1 s)` on stderr. */
export function progress(label: string, total: number): (item: string) => void {
  const started = Date.now();
  let done = 0;
  return (item) => {
    done++;
    console.error(`${label}: ${done}/${total} ${item} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
}
