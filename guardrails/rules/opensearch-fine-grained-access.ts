import { check, defineRule, get, isTrue } from "../checks.js";

export const opensearchFineGrainedAccess = defineRule({
  id: "RK-SEC-029",
  name: "opensearch-fine-grained-access",
  family: "security",
  level: "error",
  description: "OpenSearch domains have fine-grained access control on.",
  fix: "Set advanced_security_options { enabled = true, master_user_options { master_user_arn = <role> } }.",
  controls: { fsbp: ["Opensearch.7"] },
  resourceTypes: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  evaluate(r) {
    return check(isTrue(get(r.attrs, "advanced_security_options.enabled")), "advanced_security_options.enabled is not true");
  },
});
