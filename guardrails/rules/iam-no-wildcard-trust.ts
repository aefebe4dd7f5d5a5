import { check, defineRule, statementsOf } from "../checks.js";

function wildcard(principal: unknown): boolean {
  if (principal === "*") return true;
  if (principal && typeof principal === "object") {
    const aws = (principal as Record<string, unknown>).AWS;
    return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
  }
  return false;
}

export const iamNoWildcardTrust = defineRule({
  id: "RK-SEC-042",
  name: "iam-no-wildcard-trust",
  family: "security",
  level: "error",
  description: "No IAM role trust policy lets any principal (`*`) assume the role.",
  fix: "Trust a named service (serviceTrustPolicy) or account/role, with an aws:SourceAccount condition.",
  controls: { checkov: ["CKV_AWS_60", "CKV_AWS_61"] },
  resourceTypes: ["aws_iam_role"],
  evaluate(r) {
    const open = statementsOf(r.attrs.assume_role_policy).some((s) => s.Effect === "Allow" && wildcard(s.Principal));
    return check(!open, "trust policy allows Principal *");
  },
});
