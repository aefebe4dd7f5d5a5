import { check, defineRule, getAll, NOT_APPLICABLE } from "../checks.js";

export const rdsForceSsl = defineRule({
  id: "RK-SEC-016",
  name: "rds-force-ssl",
  family: "security",
  level: "error",
  description: "Postgres parameter groups set `rds.force_ssl` = 1 (TLS for every connection).",
  fix: "Add parameter { name = \"rds.force_ssl\", value = \"1\" } to the parameter group.",
  controls: { checkov: ["CKV2_AWS_69"], note: "encryption in transit for RDS" },
  resourceTypes: ["aws_db_parameter_group", "aws_rds_cluster_parameter_group"],
  evaluate(r) {
    if (!String(r.attrs.family ?? "").includes("postgres")) return NOT_APPLICABLE;
    const forceSsl = getAll(r.attrs, "parameter").find((p) => p?.name === "rds.force_ssl");
    return check(forceSsl !== undefined && String(forceSsl.value) === "1", `rds.force_ssl is ${forceSsl ? String(forceSsl.value) : "not set"}`);
  },
});
