import { check, defineRule, NOT_APPLICABLE, POLICY_ATTRIBUTES, POLICY_DATA_SOURCES, policiesOf } from "../checks.js";

export const iamNoAdminPolicy = defineRule({
  id: "RK-SEC-041",
  name: "iam-no-admin-policy",
  family: "security",
  level: "error",
  description: "No IAM policy allows `*` actions on `*` resources.",
  fix: "Name the actions and this region's resources (RegionResolver.arnPrefix, resource attributes).",
  controls: { fsbp: ["IAM.1", "IAM.21"], checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_1"] },
  resourceTypes: Object.keys(POLICY_ATTRIBUTES),
  dataSources: POLICY_DATA_SOURCES,
  evaluate(r) {
    const statements = policiesOf(r);
    if (statements.length === 0) return NOT_APPLICABLE;
    const admin = statements.some((s) => s.Effect === "Allow" && s.Action.some((a) => a === "*" || a === "*:*") && s.Resource.includes("*"));
    return check(!admin, "allows Action * on Resource *");
  },
});
