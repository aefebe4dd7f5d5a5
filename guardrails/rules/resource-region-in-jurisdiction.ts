import { analysisRule } from "../residency/rule.js";

export const resourceRegionInJurisdiction = analysisRule({
  id: "RK-RES-001",
  name: "resource-region-in-jurisdiction",
  kind: "placement",
  description:
    "Every AWS provider, resource, data source, nested region argument (`replica.region`, `destination_region`, `service_region`...) and the S3 backend is in a literal allowed AWS region (regional: primary + backup; central/warehouse: central's).",
  fix: "Use the stack's default or `backup` provider with a literal region; never a variable, local or function call as a region.",
});
