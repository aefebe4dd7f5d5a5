import { check, defineRule, isFalse } from "../checks.js";

export const emrBlockPublicAccess = defineRule({
  id: "RK-SEC-024",
  name: "emr-block-public-access",
  family: "security",
  level: "error",
  description: "A stack with EMR clusters enables EMR block public access (and keeps its security groups closed to the internet).",
  fix: "Add aws_emr_block_public_access_configuration { block_public_security_group_rules = true } in the stack.",
  controls: { fsbp: ["EMR.2"] },
  resourceTypes: ["aws_emr_cluster"],
  evaluate(_r, ctx) {
    const bpa = ctx.ofType("aws_emr_block_public_access_configuration");
    return check(bpa.length > 0 && bpa.every((b) => !isFalse(b.attrs.block_public_security_group_rules)), "no EMR block public access configuration with block_public_security_group_rules");
  },
});
