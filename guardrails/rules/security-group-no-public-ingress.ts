import { check, defineRule, getAll } from "../checks.js";

const OPEN = new Set(["0.0.0.0/0", "::/0"]);

export const securityGroupNoPublicIngress = defineRule({
  id: "RK-SEC-047",
  name: "security-group-no-public-ingress",
  family: "security",
  level: "error",
  description: "No security group allows ingress from anywhere (0.0.0.0/0 or ::/0): the data plane is reached only from inside the region's VPC.",
  fix: "Allow ingress from the VPC CIDR or from named security groups only.",
  controls: { fsbp: ["EC2.18", "EC2.19"], checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260"] },
  resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  evaluate(r) {
    const a = r.attrs;
    const sources =
      r.type === "aws_security_group"
        ? getAll(a, "ingress").flatMap((i) => [...getAll(i, "cidr_blocks"), ...getAll(i, "ipv6_cidr_blocks")])
        : r.type === "aws_security_group_rule"
          ? a.type === "ingress"
            ? [...getAll(a, "cidr_blocks"), ...getAll(a, "ipv6_cidr_blocks")]
            : []
          : [a.cidr_ipv4, a.cidr_ipv6];
    const open = sources.filter((c) => typeof c === "string" && OPEN.has(c));
    return check(open.length === 0, `ingress from ${open.join(", ")}`);
  },
});
