import { check, defineRule, fail, isTrue } from "../checks.js";

export const kmsSingleRegion = defineRule({
  id: "RK-RES-007",
  name: "kms-single-region",
  family: "residency",
  level: "error",
  description: "KMS keys are single-region (`multi_region` false) and no replica keys exist: a multi-region key can be replicated out of the jurisdiction.",
  fix: "Use RegionalKey (multi_region false); give the backup AWS region its own key.",
  controls: { note: "regionkit residency; no FSBP/Checkov equivalent" },
  resourceTypes: ["aws_kms_key", "aws_kms_external_key", "aws_kms_replica_key", "aws_kms_replica_external_key"],
  evaluate(resource) {
    if (resource.type.includes("replica")) return fail(`replica of ${String(resource.attrs.primary_key_arn)}`);
    return check(!isTrue(resource.attrs.multi_region), "multi_region is true");
  },
});
