import { check, defineRule, isFalse, isSet, isTrue } from "../checks.js";

export const rdsStorageEncrypted = defineRule({
  id: "RK-SEC-006",
  name: "rds-storage-encrypted",
  family: "security",
  level: "error",
  description: "RDS instances and clusters encrypt storage with the region's database key (`storage_encrypted` and `kms_key_id`).",
  fix: "Set storage_encrypted = true and kms_key_id = the region's database RegionalKey.",
  controls: { fsbp: ["RDS.3", "RDS.27"], checkov: ["CKV_AWS_16", "CKV_AWS_96"] },
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  evaluate(r) {
    // A read replica inherits encryption from its source; a cluster member from its cluster.
    if (isSet(r.attrs.replicate_source_db)) return check(!isFalse(r.attrs.storage_encrypted), "storage_encrypted is false");
    return check(isTrue(r.attrs.storage_encrypted) && isSet(r.attrs.kms_key_id), `storage_encrypted ${String(r.attrs.storage_encrypted)}, kms_key_id ${isSet(r.attrs.kms_key_id) ? "set" : "missing"}`);
  },
});
