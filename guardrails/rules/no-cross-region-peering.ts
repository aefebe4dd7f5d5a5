import { COMPLIANT, defineRule, fail, isSet } from "../checks.js";

export const noCrossRegionPeering = defineRule({
  id: "RK-RES-014",
  name: "no-cross-region-peering",
  family: "residency",
  level: "error",
  description: "No VPC or transit-gateway peering to another AWS region or account: each region's network is isolated.",
  fix: "Remove the peering; regions exchange nothing but sanitized exports and events.",
  controls: { note: "regionkit residency (DESIGN: one VPC per region, no peering)" },
  resourceTypes: ["aws_vpc_peering_connection", "aws_ec2_transit_gateway_peering_attachment"],
  evaluate(resource, ctx) {
    const a = resource.attrs;
    const region = a.peer_region;
    const account = a.peer_owner_id ?? a.peer_account_id;
    if (isSet(region) && !ctx.allowedRegions.includes(String(region))) return fail(`peer_region ${String(region)} is outside ${ctx.allowedRegions.join(", ") || "the jurisdiction"}`);
    if (isSet(account) && ctx.accountId && account !== ctx.accountId) return fail(`peers with account ${String(account)}`);
    return COMPLIANT;
  },
});
