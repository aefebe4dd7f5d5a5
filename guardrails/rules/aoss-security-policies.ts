import { COMPLIANT, defineRule, fail, NOT_APPLICABLE, parseJson } from "../checks.js";

export const aossSecurityPolicies = defineRule({
  id: "RK-SEC-031",
  name: "aoss-security-policies",
  family: "security",
  level: "error",
  description: "OpenSearch Serverless encryption policies use a customer key (not AWSOwnedKey) and network policies allow no public access.",
  fix: "Encryption policy: { AWSOwnedKey: false, KmsARN: <search key> }; network policy: AllowFromPublic false with SourceVPCEs.",
  controls: { note: "cdk-nag OpenSearch family; no FSBP control for serverless" },
  resourceTypes: ["aws_opensearchserverless_security_policy"],
  evaluate(r) {
    const doc = parseJson(r.attrs.policy);
    if (doc === undefined) return NOT_APPLICABLE;
    const entries: any[] = Array.isArray(doc) ? doc : [doc];
    if (r.attrs.type === "encryption") return entries.some((e) => e?.AWSOwnedKey === true || !e?.KmsARN) ? fail("encryption policy uses an AWS-owned key") : COMPLIANT;
    if (r.attrs.type === "network") return entries.some((e) => e?.AllowFromPublic === true) ? fail("network policy allows public access") : COMPLIANT;
    return NOT_APPLICABLE;
  },
});
