import { check, defineRule, get, isSet } from "../checks.js";

export const mskEncryptionAtRestKms = defineRule({
  id: "RK-SEC-018",
  name: "msk-encryption-at-rest-kms",
  family: "security",
  level: "error",
  description: "MSK clusters encrypt data at rest with the region's streaming key, not an AWS-managed key.",
  fix: "Set encryption_info.encryption_at_rest_kms_key_arn = the streaming RegionalKey.",
  controls: { checkov: ["CKV_AWS_81"], note: "FSBP checks MSK at rest implicitly (always on); the CMK is ours" },
  resourceTypes: ["aws_msk_cluster"],
  evaluate(r) {
    return check(isSet(get(r.attrs, "encryption_info.encryption_at_rest_kms_key_arn")), "no encryption_at_rest_kms_key_arn");
  },
});
