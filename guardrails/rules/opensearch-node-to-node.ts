import { check, defineRule, get, isTrue } from "../checks.js";

export const opensearchNodeToNode = defineRule({
  id: "RK-SEC-027",
  name: "opensearch-node-to-node",
  family: "security",
  level: "error",
  description: "OpenSearch domains encrypt node-to-node traffic.",
  fix: "Set node_to_node_encryption { enabled = true }.",
  controls: { fsbp: ["Opensearch.3"], checkov: ["CKV_AWS_6"] },
  resourceTypes: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  evaluate(r) {
    return check(isTrue(get(r.attrs, "node_to_node_encryption.enabled")), "node_to_node_encryption.enabled is not true");
  },
});
