import { check, defineRule, getAll } from "../checks.js";

export const vpcDefaultSgClosed = defineRule({
  id: "RK-SEC-040",
  name: "vpc-default-sg-closed",
  family: "security",
  level: "error",
  description: "Every VPC's default security group is managed and allows no traffic.",
  fix: "Add aws_default_security_group { vpc_id, ingress = [], egress = [] } (the Network construct does).",
  controls: { fsbp: ["EC2.2"], checkov: ["CKV2_AWS_12"] },
  resourceTypes: ["aws_vpc"],
  evaluate(vpc, ctx) {
    const sgs = ctx.companions(vpc, "aws_default_security_group", "vpc_id");
    if (sgs.length === 0) return check(false, "default security group not managed (AWS allows all traffic between its members)");
    const open = sgs.filter((sg) => getAll(sg.attrs, "ingress").length > 0 || getAll(sg.attrs, "egress").length > 0);
    return check(open.length === 0, "default security group has rules");
  },
});
