import { LAKE_ZONES, RegionResolver } from "../../regions/resolvers.js";
import { collectStrings } from "../context.js";
import { COMPLIANT, defineRule, fail, few } from "../checks.js";
import type { Outcome, StackContextApi, TfResource } from "../types.js";

interface Needles {
  /** Every foreign needle, to the id of the region it belongs to. */
  readonly owner: ReadonlyMap<string, string>;
  /** Needle lengths by the needle's first `prefix` characters, longest first. */
  readonly lengths: ReadonlyMap<string, readonly number[]>;
  /** 3, or the shortest needle's length if shorter. */
  readonly prefix: number;
  readonly centralPrincipal: RegExp;
}

const cache = new WeakMap<object, Map<string, Needles>>();

/**
 * What another manifest region looks like in a string: its AWS region codes (primary and backup), its
 * account id, and its lake bucket names. Codes and accounts that this region shares are left out.
 */
function needlesFor(ctx: StackContextApi): Needles {
  let byStack = cache.get(ctx.manifest);
  if (!byStack) cache.set(ctx.manifest, (byStack = new Map()));
  const hit = byStack.get(ctx.region!.id);
  if (hit) return hit;
  const own = new Set([...ctx.allowedRegions, ctx.region!.accountId]);
  const owner = new Map<string, string>();
  for (const other of ctx.manifest.regions) {
    if (other.id === ctx.region!.id) continue;
    const r = new RegionResolver(other, ctx.manifest.central.namespace);
    const items = [...r.allowedAwsRegions, other.accountId, ...LAKE_ZONES.map((z) => r.lakeBucket(z))];
    for (const item of items) if (!own.has(item) && !owner.has(item)) owner.set(item, other.id);
  }
  const prefix = Math.min(3, ...[...owner.keys()].map((item) => item.length));
  const lengths = new Map<string, number[]>();
  for (const item of owner.keys()) {
    const key = item.slice(0, prefix);
    const list = lengths.get(key) ?? [];
    if (!list.includes(item.length)) list.push(item.length);
    lengths.set(key, list);
  }
  for (const list of lengths.values()) list.sort((a, b) => b - a);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // The central orchestrator's principals may be named (it submits work into the region); central
  // may share its account and AWS region with a region, so its IAM ARNs are not counted.
  const ns = ctx.manifest.central.namespace;
  const centralPrincipal = new RegExp(`arn:aws[a-z-]*:(?:iam|sts)::${ctx.manifest.central.accountId}:(?:role|assumed-role)/${escape(ns)}-central-[A-Za-z0-9+=,.@_/-]*`, "g");
  const needles = { owner, lengths, prefix, centralPrincipal };
  byStack.set(ctx.region!.id, needles);
  return needles;
}

const isAlphanumeric = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The needles named in `text`, leftmost-longest and non-overlapping. Boundaries: a needle starts at
 * the beginning or after a non-alphanumeric character and is not followed by a digit, so `us-east-1`
 * does not match inside `us-east-12` but does in `us-east-1a`, and an account not inside a longer
 * number. Linear in the text: only word starts are tried, each against the few needle lengths
 * sharing its first characters (one regex alternation of every needle was O(regions) per character).
 */
function needlesIn(text: string, { owner, lengths, prefix }: Needles, found: Set<string>): void {
  let i = 0;
  while (i + prefix <= text.length) {
    if (i > 0 && isAlphanumeric(text.charCodeAt(i - 1))) {
      i++;
      continue;
    }
    let matched = 0;
    for (const length of lengths.get(text.slice(i, i + prefix)) ?? []) {
      const end = i + length;
      if (end > text.length || (end < text.length && isDigit(text.charCodeAt(end)))) continue;
      const candidate = text.slice(i, end);
      if (owner.has(candidate)) {
        found.add(`${candidate} (region ${owner.get(candidate)})`);
        matched = length;
        break;
      }
    }
    i += matched || 1;
  }
}

function scan(ctx: StackContextApi, strings: readonly string[]): Outcome {
  const needles = needlesFor(ctx);
  if (!needles.owner.size) return COMPLIANT;
  const found = new Set<string>();
  for (const s of strings) needlesIn(s.replace(needles.centralPrincipal, ""), needles, found);
  return found.size ? fail(`names another manifest region: ${few([...found])}`) : COMPLIANT;
}

export const noForeignRegionReference = defineRule({
  id: "RK-RES-002",
  name: "no-foreign-region-reference",
  family: "residency",
  level: "error",
  description: "No string anywhere in a regional stack (policies included) names another manifest region's AWS region code, account id or lake bucket.",
  fix: "Build ARNs and names from this region's RegionResolver (`arnPrefix`, `name`), never from another region's.",
  controls: { note: "regionkit residency; no FSBP/Checkov equivalent" },
  resourceTypes: "*",
  stackKinds: ["regional"],
  evaluate(resource: TfResource, ctx) {
    return scan(ctx, ctx.strings(resource));
  },
  evaluateStack(ctx) {
    const sections: Array<[string, unknown]> = [
      ["provider", ctx.json.provider],
      ["terraform", ctx.json.terraform],
      ["output", ctx.json.output],
      ["locals", ctx.json.locals],
      ["variable", ctx.json.variable],
    ];
    return sections.map(([address, value]) => ({ address, ...scan(ctx, collectStrings(value)) }));
  },
});
