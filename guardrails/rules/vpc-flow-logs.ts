import { check, defineRule } from "../checks.js";

export const vpcFlowLogs = defineRule({
  id: "RK-SEC-039",
  name: "vpc-flow-logs",
  family: "security",
  level: "error",
  description: "Every VPC has a flow log.",
  fix: "Use the Network construct (flow logs to an encrypted in-region log group).",
  controls: { fsbp: ["EC2.6"], checkov: ["CKV2_AWS_11"] },
  resourceTypes: ["aws_vpc"],
  evaluate(vpc, ctx) {
    return check(ctx.companions(vpc, "aws_flow_log", "vpc_id").length > 0, "no aws_flow_log for this VPC");
  },
});
