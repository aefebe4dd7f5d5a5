import { LAKE_ZONES, RegionResolver } from "../../regions/resolvers.js";
import { collectStrings } from "../context.js";
import { COMPLIANT, defineRule, fail, few } from "../checks.js";
import type { Outcome, StackContextApi, TfResource } from "../types.js";

interface Needles {
  readonly pattern: RegExp | undefined;
  readonly owner: ReadonlyMap<string, string>;
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
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Boundaries: `us-east-1` must not match inside `us-east-12`, an account not inside a longer number.
  const alternatives = [...owner.keys()].sort((a, b) => b.length - a.length).map(escape);
  const pattern = alternatives.length ? new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join("|")})(?![0-9])`, "g") : undefined;
  // The central orchestrator's principals may be named (it submits work into the region); central
  // may share its account and AWS region with a region, so its IAM ARNs are not counted.
  const ns = ctx.manifest.central.namespace;
  const centralPrincipal = new RegExp(`arn:aws[a-z-]*:(?:iam|sts)::${ctx.manifest.central.accountId}:(?:role|assumed-role)/${escape(ns)}-central-[A-Za-z0-9+=,.@_/-]*`, "g");
  const needles = { pattern, owner, centralPrincipal };
  byStack.set(ctx.region!.id, needles);
  return needles;
}

function scan(ctx: StackContextApi, strings: readonly string[]): Outcome {
  const { pattern, owner, centralPrincipal } = needlesFor(ctx);
  if (!pattern) return COMPLIANT;
  const found = new Set<string>();
  for (const s of strings) {
    const text = s.replace(centralPrincipal, "");
    for (const m of text.matchAll(pattern)) found.add(`${m[0]} (region ${owner.get(m[0])})`);
  }
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
