import { check, defineRule, get, isFalse, isTrue } from "../checks.js";

export const eksPrivateEndpoint = defineRule({
  id: "RK-SEC-032",
  name: "eks-private-endpoint",
  family: "security",
  level: "error",
  description: "EKS cluster API endpoints are private only.",
  fix: "Set vpc_config { endpoint_private_access = true, endpoint_public_access = false }.",
  controls: { fsbp: ["EKS.1"], checkov: ["CKV_AWS_39", "CKV_AWS_38"] },
  resourceTypes: ["aws_eks_cluster"],
  evaluate(r) {
    const v = get(r.attrs, "vpc_config") ?? {};
    // The provider's default for endpoint_public_access is true, so it must be false explicitly.
    return check(isTrue(v.endpoint_private_access) && isFalse(v.endpoint_public_access), `endpoint_private_access ${String(v.endpoint_private_access)}, endpoint_public_access ${String(v.endpoint_public_access ?? true)}`);
  },
});
