import { check, defineRule, get, isFalse } from "../checks.js";

export const mskEncryptionInTransit = defineRule({
  id: "RK-SEC-017",
  name: "msk-encryption-in-transit",
  family: "security",
  level: "error",
  description: "MSK clusters use TLS between clients and brokers (`client_broker` TLS) and inside the cluster.",
  fix: "Set encryption_info.encryption_in_transit { client_broker = \"TLS\", in_cluster = true }.",
  controls: { fsbp: ["MSK.1"], checkov: ["CKV_AWS_81"] },
  resourceTypes: ["aws_msk_cluster"],
  evaluate(r) {
    const t = get(r.attrs, "encryption_info.encryption_in_transit") ?? {};
    // Provider defaults are TLS and true, so only an explicit weaker value fails.
    const clientBroker = t.client_broker ?? "TLS";
    return check(clientBroker === "TLS" && !isFalse(t.in_cluster), `client_broker ${String(clientBroker)}, in_cluster ${String(t.in_cluster ?? true)}`);
  },
});
