import { check, defineRule, get, isSet, isTrue } from "../checks.js";

export const opensearchEncryptionAtRest = defineRule({
  id: "RK-SEC-026",
  name: "opensearch-encryption-at-rest",
  family: "security",
  level: "error",
  description: "OpenSearch domains encrypt at rest with the region's search key.",
  fix: "Set encrypt_at_rest { enabled = true, kms_key_id = the search RegionalKey }.",
  controls: { fsbp: ["Opensearch.1"], checkov: ["CKV_AWS_5", "CKV_AWS_247"] },
  resourceTypes: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  evaluate(r) {
    const e = get(r.attrs, "encrypt_at_rest") ?? {};
    return check(isTrue(e.enabled) && isSet(e.kms_key_id), `encrypt_at_rest.enabled ${String(e.enabled)}, kms_key_id ${isSet(e.kms_key_id) ? "set" : "missing"}`);
  },
});
