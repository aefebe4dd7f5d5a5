import { check, defineRule, NOT_APPLICABLE, isTrue } from "../checks.js";

export const kmsKeyRotation = defineRule({
  id: "RK-SEC-035",
  name: "kms-key-rotation",
  family: "security",
  level: "error",
  description: "Symmetric customer-managed KMS keys rotate automatically.",
  fix: "Set enable_key_rotation = true (RegionalKey does).",
  controls: { fsbp: ["KMS.4"], checkov: ["CKV_AWS_7"] },
  resourceTypes: ["aws_kms_key"],
  evaluate(r) {
    const spec = String(r.attrs.customer_master_key_spec ?? "SYMMETRIC_DEFAULT");
    if (spec !== "SYMMETRIC_DEFAULT") return NOT_APPLICABLE;
    return check(isTrue(r.attrs.enable_key_rotation), "enable_key_rotation is not true");
  },
});
