/**
 * npm run reshard -- <region> <plan|start|status|verify|cutover|rollback|finish> [flags]
 *
 * Drives the reshard declared in the manifest (shardFleet.reshard: from -> to)
 * against real databases and the region's PgBouncer. Every step re-checks its
 * preconditions and refuses, changing nothing, when they do not hold.
 */
import { join, resolve } from "node:path";
import { loadManifest, manifestPath } from "../regions/loader.js";
import { ReshardEngine, type CopyProgress } from "./engine.js";
import { ReshardError } from "./errors.js";
import { checkManifestState, fleetsFromManifest, loadTopology } from "./fleet.js";
import { buildPlan, formatPlan } from "./plan.js";
import { formatVerify } from "./verify.js";

const STEPS = ["plan", "start", "status", "verify", "cutover", "rollback", "finish"] as const;
type Step = (typeof STEPS)[number];

const VALUE_FLAGS = ["--topology", "--manifest", "--state-dir", "--from", "--to", "--max-lag-bytes", "--lag-timeout-ms", "--pause-timeout-ms", "--soak-seconds", "--samples", "--copy-timeout-ms"] as const;
const BOOL_FLAGS = ["--json", "--no-wait", "--help"] as const;

export const USAGE = `usage: npm run reshard -- <region> <${STEPS.join("|")}> [flags]

  plan       the schema moves, publications, subscriptions, slots and order of work (no database needed)
  start      schema on the children, publications on the parents, subscriptions on the children; waits for the copy
  status     phase, per stream: tables by copy state, lag in bytes
  verify     row counts, per-key-range checksums and dark reads, parent vs child
  cutover    PgBouncer PAUSE, zero lag, switch [databases] to the new epoch, RELOAD, RESUME; reverse replication
  rollback   the cut-over in reverse, while reverse replication runs
  finish     after the soak: stop the old CDC connectors, drop the reshard's subscriptions, publications, slots

flags:
  --topology <file.json>   database id -> endpoint, the pooler and the app role (or REGIONKIT_RESHARD_TOPOLOGY)
  --manifest <file>        default: REGIONKIT_MANIFEST or regions/regions.yaml
  --state-dir <dir>        where <region>.json records progress (default: REGIONKIT_RESHARD_STATE_DIR or .reshard)
  --from <gen> --to <gen>  override the manifest's declared reshard
  --json                   machine-readable output
  --no-wait                start: do not wait for the initial copy
  --copy-timeout-ms <n>    start: longest wait for the copy (default 120000)
  --samples <n>            verify: dark reads per table (default 5)
  --max-lag-bytes <n>      cutover/rollback: refuse before pausing above this lag (default 67108864)
  --lag-timeout-ms <n>     cutover/rollback: longest wait for zero lag while paused (default 5000)
  --pause-timeout-ms <n>   cutover/rollback: longest wait for PgBouncer's PAUSE, i.e. open transactions (default 5000)
  --soak-seconds <n>       finish: minimum time since the switch (default 0)

example:
  npm run reshard -- eu plan
  npm run reshard -- eu start --topology eu-topology.json`;

class UsageError extends Error {}

function parse(argv: string[]): { region: string; step: Step; values: Map<string, string>; bools: Set<string> } {
  const values = new Map<string, string>();
  const bools = new Set<string>();
  const positional: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((VALUE_FLAGS as readonly string[]).includes(a)) {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) problems.push(`${a} needs a value`);
      else values.set(a, v);
    } else if ((BOOL_FLAGS as readonly string[]).includes(a)) bools.add(a);
    else if (a.startsWith("-")) problems.push(`unknown flag ${a}; valid: ${[...VALUE_FLAGS, ...BOOL_FLAGS].join(", ")}`);
    else positional.push(a);
  }
  if (bools.has("--help")) throw new UsageError("");
  const [region, step, ...extra] = positional;
  if (!region) problems.push("missing <region>");
  if (!step) problems.push(`missing <step>: one of ${STEPS.join(", ")}`);
  else if (!(STEPS as readonly string[]).includes(step)) problems.push(`unknown step "${step}"; valid: ${STEPS.join(", ")}`);
  if (extra.length) problems.push(`unexpected argument ${extra.join(" ")}`);
  for (const f of ["--max-lag-bytes", "--lag-timeout-ms", "--pause-timeout-ms", "--soak-seconds", "--samples", "--copy-timeout-ms"]) {
    const v = values.get(f);
    if (v !== undefined && !/^\d+$/.test(v)) problems.push(`${f} must be a non-negative integer, got "${v}"`);
  }
  if (problems.length) throw new UsageError(problems.join("\n"));
  return { region: region!, step: step as Step, values, bools };
}

function formatProgress(p: CopyProgress): string {
  return `copy: ${p.tablesDone}/${p.tablesTotal} tables ready, ~${p.rows} rows, ${(p.bytes / 1048576).toFixed(1)} of ${(p.parentBytes / 1048576).toFixed(1)} MiB, ${(p.elapsedMs / 1000).toFixed(1)} s`;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    const msg = (e as Error).message;
    console.error(msg ? `${msg}\n\n${USAGE}` : USAGE);
    return msg ? 2 : 0;
  }
  const { region, step, values, bools } = args;
  const num = (f: string) => (values.has(f) ? Number(values.get(f)) : undefined);
  const json = bools.has("--json");
  const out = (human: string, data: unknown) => console.log(json ? JSON.stringify(data, null, 2) : human);
  let engine: ReshardEngine | undefined;
  try {
    const { manifest } = loadManifest(values.get("--manifest") ?? manifestPath(env));
    const explicit = { ...(values.has("--from") ? { from: values.get("--from") } : {}), ...(values.has("--to") ? { to: values.get("--to") } : {}) };
    const fleets = fleetsFromManifest(manifest, region, explicit);
    const { parent, child } = fleets;
    const topologyFile = values.get("--topology") ?? env.REGIONKIT_RESHARD_TOPOLOGY;
    const topology = topologyFile ? loadTopology(topologyFile) : undefined;
    const plan = buildPlan(region, parent, child, topology);
    if (step === "plan") {
      out(formatPlan(plan), plan);
      return 0;
    }
    checkManifestState(fleets, step);
    if (!topology)
      throw new ReshardError(step, [{ code: "topology-missing", subject: region, message: "this step talks to the databases: pass --topology <file.json> (or set REGIONKIT_RESHARD_TOPOLOGY) mapping every database id of both generations to its endpoint" }]);
    const stateDir = resolve(values.get("--state-dir") ?? env.REGIONKIT_RESHARD_STATE_DIR ?? ".reshard");
    engine = new ReshardEngine({ plan, topology, stateFile: join(stateDir, `${region}.json`), log: json ? undefined : (l) => console.error(l) });
    switch (step) {
      case "start": {
        const r = await engine.start({ wait: !bools.has("--no-wait"), copyTimeoutMs: num("--copy-timeout-ms"), onProgress: json ? undefined : (p) => console.error(formatProgress(p)) });
        out([...r.created.map((c) => `created ${c}`), r.copy ? `initial copy done: ${r.copy.exactRows} rows, ${r.copy.rowsPerSecond} rows/s` : "copying in the background: run status", "record shardFleet.reshard.state: copying in the manifest"].join("\n"), r);
        return 0;
      }
      case "status": {
        const r = await engine.status();
        const lines = [`region ${r.region}: phase ${r.phase}`, ...r.streams.map((s) => `  ${s.direction} ${s.name} ${s.publisher} -> ${s.subscriber}: ${s.enabled ? (s.streaming ? "streaming" : "enabled, not streaming") : "disabled"}; tables ${JSON.stringify(s.tables)}; lag ${s.lagBytes ?? "-"} bytes`)];
        if (r.cutover) lines.push(`  cut-over at ${r.cutover.at}: pause ${r.cutover.pauseMs} ms`);
        if (r.rollback) lines.push(`  rollback at ${r.rollback.at}: pause ${r.rollback.pauseMs} ms`);
        out(lines.join("\n"), r);
        return 0;
      }
      case "verify": {
        const r = await engine.verify({ samplesPerTable: num("--samples") });
        out(formatVerify(r), r);
        return r.differences.length === 0 ? 0 : 1;
      }
      case "cutover":
      case "rollback": {
        const o = { maxLagBytes: num("--max-lag-bytes"), lagTimeoutMs: num("--lag-timeout-ms"), pauseTimeoutMs: num("--pause-timeout-ms") };
        const r = step === "cutover" ? await engine.cutover(o) : await engine.rollback(o);
        out(`${step}${r.already ? " (already done)" : ""}: serving epoch ${r.servingEpoch}, pause ${r.pauseMs} ms (PAUSE ${r.pauseCommandMs} ms, lag wait ${r.lagWaitMs} ms); record shardFleet.reshard.state: ${step === "cutover" ? "cut-over" : "copying"} in the manifest and deploy it`, r);
        return 0;
      }
      case "finish": {
        const r = await engine.finish({ soakSeconds: num("--soak-seconds") });
        out(`${r.already ? "already finished" : `finished: dropped ${r.dropped.join(", ")}`}; record shardFleet.reshard.state: finished in the manifest`, r);
        return 0;
      }
    }
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    await engine?.close();
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
