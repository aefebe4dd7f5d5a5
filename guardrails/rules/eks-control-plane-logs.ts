import { check, defineRule } from "../checks.js";

const REQUIRED = ["api", "audit", "authenticator"];

export const eksControlPlaneLogs = defineRule({
  id: "RK-SEC-034",
  name: "eks-control-plane-logs",
  family: "security",
  level: "error",
  description: "EKS clusters log the control plane, audit included (api, audit, authenticator).",
  fix: "Set enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\", \"controllerManager\", \"scheduler\"].",
  controls: { fsbp: ["EKS.8"], checkov: ["CKV_AWS_37"] },
  resourceTypes: ["aws_eks_cluster"],
  evaluate(r) {
    const types = (r.attrs.enabled_cluster_log_types ?? []) as string[];
    const missing = REQUIRED.filter((t) => !types.includes(t));
    return check(missing.length === 0, `missing log types: ${missing.join(", ")}`);
  },
});
