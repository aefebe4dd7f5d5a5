import { check, defineRule, getAll } from "../checks.js";

export const opensearchInVpc = defineRule({
  id: "RK-SEC-025",
  name: "opensearch-in-vpc",
  family: "security",
  level: "error",
  description: "OpenSearch domains live in the region's VPC (`vpc_options.subnet_ids`).",
  fix: "Set vpc_options { subnet_ids = <app subnets>, security_group_ids = [...] }.",
  controls: { fsbp: ["Opensearch.2"], checkov: ["CKV_AWS_248"] },
  resourceTypes: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  evaluate(r) {
    return check(getAll(r.attrs, "vpc_options.subnet_ids").length > 0, "no vpc_options.subnet_ids");
  },
});
