import { arnParts, COMPLIANT, defineRule, fail, isTrue, regionOf } from "../checks.js";
import { isToken, referencesIn } from "../context.js";
import type { StackContextApi, TfResource } from "../types.js";

/** The in-stack multi-region key a replica's `primary_key_arn` references, if any. */
function primaryOf(ctx: StackContextApi, value: unknown): TfResource | undefined {
  if (typeof value !== "string" || !isToken(value)) return undefined;
  return referencesIn(value).map((a) => ctx.byAddress(a)).find((r) => r?.mode === "managed" && (r.type === "aws_kms_key" || r.type === "aws_kms_external_key"));
}

export const kmsSingleRegion = defineRule({
  id: "RK-RES-007",
  name: "kms-single-region",
  family: "residency",
  level: "error",
  description:
    "KMS key material stays in the jurisdiction: a multi-region key is allowed only with its replica keys declared in the same stack, each in the allowed AWS regions, and a replica key's primary is this stack's key or a key of the own account in an allowed region.",
  fix: "Use RegionalKey (multi_region false), or keep every replica of a multi-region key in the region's primary or backup AWS region.",
  controls: { note: "regionkit residency; no FSBP/Checkov equivalent" },
  resourceTypes: ["aws_kms_key", "aws_kms_external_key", "aws_kms_replica_key", "aws_kms_replica_external_key"],
  evaluate(resource, ctx) {
    const allowed = ctx.allowedRegions;
    if (resource.type.includes("replica")) {
      const problems: string[] = [];
      const region = ctx.effectiveRegion(resource);
      if (!region || !allowed.includes(region)) problems.push(`the replica lives in ${region ?? "an unknown region"}`);
      const arn = resource.attrs.primary_key_arn;
      const primary = primaryOf(ctx, arn);
      if (primary) {
        if (!isTrue(primary.attrs.multi_region)) problems.push(`its primary ${primary.address} is not a multi-region key`);
      } else {
        const parts = typeof arn === "string" && !isToken(arn) ? arnParts(arn) : undefined;
        const from = regionOf(ctx, arn);
        if (!parts || !from || !allowed.includes(from) || (ctx.accountId && parts.account !== ctx.accountId))
          problems.push(`its primary ${String(arn)} is not a key of account ${ctx.accountId ?? "(own)"} in ${allowed.join(", ")}`);
      }
      return problems.length ? fail(`${problems.join("; ")}; allowed: ${allowed.join(", ")}`) : COMPLIANT;
    }
    if (!isTrue(resource.attrs.multi_region)) return COMPLIANT;
    // A multi-region key exists to be replicated: it is in the jurisdiction when this stack declares its
    // replicas and each is in an allowed AWS region; with none declared, where it goes cannot be proven.
    const replicas = [...ctx.ofType("aws_kms_replica_key"), ...ctx.ofType("aws_kms_replica_external_key")].filter((r) => primaryOf(ctx, r.attrs.primary_key_arn) === resource);
    if (replicas.length === 0) return fail("multi_region is true");
    const outside = replicas.filter((r) => !allowed.includes(ctx.effectiveRegion(r) ?? ""));
    return outside.length ? fail(`multi-region key replicated outside ${allowed.join(", ")} by ${outside.map((r) => r.address).join(", ")}`) : COMPLIANT;
  },
});
