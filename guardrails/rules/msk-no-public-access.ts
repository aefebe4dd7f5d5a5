import { check, defineRule, get } from "../checks.js";

export const mskNoPublicAccess = defineRule({
  id: "RK-SEC-020",
  name: "msk-no-public-access",
  family: "security",
  level: "error",
  description: "MSK brokers have no public access.",
  fix: "Remove broker_node_group_info.connectivity_info.public_access or set type = \"DISABLED\".",
  controls: { fsbp: ["MSK.4"], checkov: ["CKV_AWS_291"] },
  resourceTypes: ["aws_msk_cluster"],
  evaluate(r) {
    const type = get(r.attrs, "broker_node_group_info.connectivity_info.public_access.type") ?? "DISABLED";
    return check(type === "DISABLED", `public_access.type ${String(type)}`);
  },
});
