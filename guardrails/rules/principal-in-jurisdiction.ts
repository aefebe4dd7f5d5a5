import { analysisRule } from "../residency/rule.js";

export const principalInJurisdiction = analysisRule({
  id: "RK-RES-020",
  name: "principal-in-jurisdiction",
  kind: "principal",
  description:
    "Every principal of every identity, resource and trust policy, KMS grant, Lambda permission and AOSS access policy is the stack's own account, an AWS service or a declared cross-boundary role; `Principal *` only bounded to the own account (aws:PrincipalAccount / aws:SourceAccount).",
  fix: "Grant roles of this account; bound service-wide grants with aws:SourceAccount = this account; cross-boundary access goes through orchestrator-access or warehouse-read.",
});
