import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The reshard's progress, one JSON file per region (written atomically), so a
 * step can be re-run after a crash. It is a record, not the truth: every step
 * re-checks its preconditions against the databases and the pooler.
 */

/** planned (no file yet) -> copying -> cut-over -> finished, or cut-over -> rolled-back -> finished. */
export type Phase = "copying" | "cut-over" | "rolled-back" | "finished";

export interface SwitchRecord {
  readonly at: string;
  /** PAUSE to RESUME, measured by the engine. */
  readonly pauseMs: number;
  /** Part of the pause until PgBouncer's PAUSE returned (in-flight transactions finishing). */
  readonly pauseCommandMs: number;
  /** Part of the pause spent waiting for zero lag after that. */
  readonly lagWaitMs: number;
  readonly servingEpoch: number;
}

export interface ReshardState {
  readonly version: 1;
  readonly region: string;
  readonly from: string;
  readonly to: string;
  phase: Phase;
  startedAt: string;
  copiedAt?: string;
  cutover?: SwitchRecord;
  rollback?: SwitchRecord;
  finishedAt?: string;
  history: { step: string; at: string; summary: string }[];
}

export function readState(file: string): ReshardState | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")) as ReshardState;
}

export function writeState(file: string, state: ReshardState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}
