import { COMPLIANT, defineRule, fail, NOT_APPLICABLE } from "../checks.js";

export const resourceRegionInJurisdiction = defineRule({
  id: "RK-RES-001",
  name: "resource-region-in-jurisdiction",
  family: "residency",
  level: "error",
  description: "Every AWS resource's effective region (its own `region`, else its provider's) is the stack's primary or backup AWS region.",
  fix: "Create the resource with the stack's default provider or the `backup` provider; never set `region` to another AWS region.",
  controls: { note: "regionkit residency; no FSBP/Checkov equivalent" },
  resourceTypes: "*",
  stackKinds: ["regional", "central"],
  evaluate(resource, ctx) {
    if (!resource.type.startsWith("aws_")) return NOT_APPLICABLE;
    const region = ctx.effectiveRegion(resource);
    if (region === undefined) {
      // A token (variable, reference) as region cannot be proven; a literal one is checked below.
      return typeof resource.attrs.region === "string" ? fail(`region ${String(resource.attrs.region)} is not a literal AWS region`) : NOT_APPLICABLE;
    }
    return ctx.allowedRegions.includes(region) ? COMPLIANT : fail(`effective region ${region} is outside ${ctx.allowedRegions.join(", ")}`);
  },
});
