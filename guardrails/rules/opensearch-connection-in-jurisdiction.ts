import { defineRule, destinationsInJurisdiction, fail, get, getAll } from "../checks.js";

export const opensearchConnectionInJurisdiction = defineRule({
  id: "RK-RES-011",
  name: "opensearch-connection-in-jurisdiction",
  family: "residency",
  level: "error",
  description: "OpenSearch cross-cluster connections reach only domains of this region's account in its allowed AWS regions.",
  fix: "Remove the outbound connection; search is rebuilt from the region's own lake, never federated across regions.",
  controls: { note: "regionkit residency" },
  resourceTypes: ["aws_opensearch_outbound_connection"],
  evaluate(resource, ctx) {
    const owner = get(resource.attrs, "remote_domain_info.owner_id");
    if (ctx.accountId && typeof owner === "string" && !owner.includes("${") && owner !== ctx.accountId)
      return fail(`remote domain belongs to account ${owner}`);
    return destinationsInJurisdiction(ctx, getAll(resource.attrs, "remote_domain_info.region"), "remote domain");
  },
});
