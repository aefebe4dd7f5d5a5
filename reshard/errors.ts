/**
 * A step that refuses: every problem found, each with a stable code, the thing
 * it is about and what would be valid. Thrown before anything is changed.
 */
export interface ReshardProblem {
  /** Stable code, e.g. `unknown-region`, `step-out-of-order`, `unreachable`, `lagging`. */
  readonly code: string;
  /** What it is about: a region, a generation, a database id, a subscription. */
  readonly subject: string;
  readonly message: string;
}

export class ReshardError extends Error {
  constructor(
    readonly step: string,
    readonly problems: readonly ReshardProblem[],
  ) {
    super(`reshard ${step} refused (nothing was changed):\n${problems.map((p) => `  - [${p.code}] ${p.subject}: ${p.message}`).join("\n")}`);
    this.name = "ReshardError";
  }
}

/** Collects problems, then fails once with all of them. */
export class Problems {
  readonly list: ReshardProblem[] = [];
  add(code: string, subject: string, message: string): void {
    this.list.push({ code, subject, message });
  }
  throwIfAny(step: string): void {
    if (this.list.length > 0) throw new ReshardError(step, this.list);
  }
}
