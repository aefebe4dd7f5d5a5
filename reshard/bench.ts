import { runReshardDemo, type DemoResult } from "./local/demo.js";
import { localServersUnavailable } from "./local/servers.js";

/**
 * For `npm run bench`: one reshard demo (g1 -> g2, 30 shards, live writes) on
 * this machine's PostgreSQL 15 and PgBouncer, reporting the initial copy's
 * throughput and the measured cut-over pause.
 */
export interface ReshardBench {
  readonly copyRows: number;
  readonly copyRowsPerSecond: number;
  readonly cutoverPauseMs: number;
  readonly writesAcknowledged: number;
  readonly lost: number;
  readonly duplicated: number;
}

export type ReshardBenchResult = ({ readonly skipped: false } & ReshardBench) | { readonly skipped: true; readonly reason: string };

export async function benchReshard(rowsPerShard = 500): Promise<ReshardBenchResult> {
  const missing = localServersUnavailable();
  if (missing) return { skipped: true, reason: missing };
  const r: DemoResult = await runReshardDemo({ rowsPerShard, prefix: "bench" });
  return { skipped: false, copyRows: r.copyRows, copyRowsPerSecond: r.copyRowsPerSecond, cutoverPauseMs: r.cutoverPauseMs, writesAcknowledged: r.acknowledged, lost: r.lost, duplicated: r.duplicated };
}

export function formatReshardBench(r: ReshardBenchResult): string {
  if (r.skipped) return `reshard: skipped (${r.reason})`;
  return `reshard: initial copy ${r.copyRows} rows at ${r.copyRowsPerSecond} rows/s; cut-over pause ${r.cutoverPauseMs} ms under live writes (${r.writesAcknowledged} acknowledged, ${r.lost} lost, ${r.duplicated} duplicated)`;
}
