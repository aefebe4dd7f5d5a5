import { check, defineRule, get, isTrue } from "../checks.js";

export const opensearchHttpsTls12 = defineRule({
  id: "RK-SEC-028",
  name: "opensearch-https-tls12",
  family: "security",
  level: "error",
  description: "OpenSearch domains enforce HTTPS with a TLS 1.2+ policy.",
  fix: "Set domain_endpoint_options { enforce_https = true, tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\" }.",
  controls: { fsbp: ["Opensearch.8"], checkov: ["CKV_AWS_83", "CKV_AWS_228"] },
  resourceTypes: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  evaluate(r) {
    const o = get(r.attrs, "domain_endpoint_options") ?? {};
    const tls = String(o.tls_security_policy ?? "");
    return check(isTrue(o.enforce_https) && /TLS-1-2/.test(tls), `enforce_https ${String(o.enforce_https)}, tls_security_policy ${tls || "default"}`);
  },
});
