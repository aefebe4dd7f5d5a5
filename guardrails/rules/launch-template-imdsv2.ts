import { check, defineRule, get } from "../checks.js";

export const launchTemplateImdsv2 = defineRule({
  id: "RK-SEC-045",
  name: "launch-template-imdsv2",
  family: "security",
  level: "error",
  description: "Launch templates and instances require IMDSv2 (`http_tokens` required).",
  fix: "Set metadata_options { http_tokens = \"required\", http_put_response_hop_limit = 2 }.",
  controls: { fsbp: ["EC2.170", "EC2.8"], checkov: ["CKV_AWS_79", "CKV_AWS_341"] },
  resourceTypes: ["aws_launch_template", "aws_instance"],
  evaluate(r) {
    const tokens = get(r.attrs, "metadata_options.http_tokens");
    return check(tokens === "required", `metadata_options.http_tokens ${String(tokens ?? "unset (optional)")}`);
  },
});
