import { ALL_RULES } from "./rules/index.js";
import type { Family, Level, Rule } from "./types.js";

/**
 * A pack is a named set of rules and the level each runs at. The kit runs all three families;
 * a pack may raise or lower a rule's level without editing the rule.
 */
export interface Pack {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly Rule[];
  /** Level overrides by rule id. @default - each rule's own level */
  readonly levels?: Readonly<Record<string, Level>>;
}

const family = (f: Family) => ALL_RULES.filter((r) => r.family === f);

export const RESIDENCY_PACK: Pack = { name: "residency", description: "Customer data stays in its region's jurisdiction.", rules: family("residency") };
export const SECURITY_PACK: Pack = { name: "security", description: "Secure defaults, mapped to Security Hub FSBP and Checkov.", rules: family("security") };
export const DATA_LOSS_PACK: Pack = { name: "data-loss", description: "Nothing stateful can be destroyed or lose its history by accident.", rules: family("data-loss") };

export const DEFAULT_PACKS: readonly Pack[] = [RESIDENCY_PACK, SECURITY_PACK, DATA_LOSS_PACK];

/** The rules of some packs, with each pack's level overrides applied. */
export function rulesOf(packs: readonly Pack[]): Rule[] {
  return packs.flatMap((p) => p.rules.map((r) => (p.levels?.[r.id] ? { ...r, level: p.levels[r.id]! } : r)));
}
