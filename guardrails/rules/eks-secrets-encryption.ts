import { check, defineRule, getAll, isSet } from "../checks.js";

export const eksSecretsEncryption = defineRule({
  id: "RK-SEC-033",
  name: "eks-secrets-encryption",
  family: "security",
  level: "error",
  description: "EKS clusters envelope-encrypt Kubernetes secrets with a regional key.",
  fix: "Set encryption_config { resources = [\"secrets\"], provider { key_arn = the compute RegionalKey } }.",
  controls: { fsbp: ["EKS.3"], checkov: ["CKV_AWS_58"] },
  resourceTypes: ["aws_eks_cluster"],
  evaluate(r) {
    const configs = getAll(r.attrs, "encryption_config");
    const ok = configs.some((c) => getAll(c, "resources").includes("secrets") && getAll(c, "provider.key_arn").some(isSet));
    return check(ok, "no encryption_config for secrets with a key_arn");
  },
});
