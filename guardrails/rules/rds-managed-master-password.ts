import { check, COMPLIANT, defineRule, fail, isSet, isTrue } from "../checks.js";

export const rdsManagedMasterPassword = defineRule({
  id: "RK-SEC-015",
  name: "rds-managed-master-password",
  family: "security",
  level: "error",
  description: "RDS master passwords are managed in Secrets Manager (`manage_master_user_password`); no password in the configuration.",
  fix: "Remove `password`/`master_password` and set manage_master_user_password = true (with the database key).",
  controls: { note: "cdk-nag RDSInstanceDefaultCredentials / SecretsManager; no FSBP control" },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  evaluate(r) {
    const a = r.attrs;
    if (isSet(a.password) || isSet(a.master_password) || isSet(a.password_wo) || isSet(a.master_password_wo)) return fail("a password is set in the configuration");
    // Replicas and restores take the source's credentials.
    if (isSet(a.replicate_source_db) || isSet(a.snapshot_identifier) || isSet(a.replication_source_identifier)) return COMPLIANT;
    return check(isTrue(a.manage_master_user_password), "manage_master_user_password is not true");
  },
});
