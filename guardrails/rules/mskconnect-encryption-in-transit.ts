import { check, defineRule, get } from "../checks.js";

export const mskconnectEncryptionInTransit = defineRule({
  id: "RK-SEC-022",
  name: "mskconnect-encryption-in-transit",
  family: "security",
  level: "error",
  description: "MSK Connect connectors use TLS to the cluster and IAM authentication.",
  fix: "Set kafka_cluster_encryption_in_transit.encryption_type = \"TLS\" and kafka_cluster_client_authentication.authentication_type = \"IAM\".",
  controls: { fsbp: ["MSK.3"] },
  resourceTypes: ["aws_mskconnect_connector"],
  evaluate(r) {
    const enc = get(r.attrs, "kafka_cluster_encryption_in_transit.encryption_type");
    const auth = get(r.attrs, "kafka_cluster_client_authentication.authentication_type");
    return check(enc === "TLS" && auth === "IAM", `encryption_type ${String(enc)}, authentication_type ${String(auth)}`);
  },
});
