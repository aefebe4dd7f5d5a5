import { check, COMPLIANT, defineRule, fail, isSet } from "../checks.js";

function encryptionOf(json: unknown): { atRest: boolean; inTransit: boolean } | undefined {
  try {
    const doc = typeof json === "string" ? JSON.parse(json) : json;
    const e = doc?.EncryptionConfiguration ?? {};
    return { atRest: e.EnableAtRestEncryption === true, inTransit: e.EnableInTransitEncryption === true };
  } catch {
    return undefined;
  }
}

export const emrSecurityConfiguration = defineRule({
  id: "RK-SEC-023",
  name: "emr-security-configuration",
  family: "security",
  level: "error",
  description: "EMR clusters use a security configuration with at-rest and in-transit encryption on.",
  fix: "Create aws_emr_security_configuration with EnableAtRestEncryption and EnableInTransitEncryption and set security_configuration.",
  controls: { checkov: ["CKV2_AWS_7", "CKV_AWS_171"], note: "cdk-nag EMREncryptionInTransit / EMRS3AccessLogging family" },
  resourceTypes: ["aws_emr_cluster"],
  evaluate(r, ctx) {
    const ref = r.attrs.security_configuration;
    if (!isSet(ref)) return fail("no security_configuration");
    const config = ctx.ofType("aws_emr_security_configuration").find((c) => String(ref).includes(c.address) || c.attrs.name === ref);
    if (!config) return COMPLIANT;
    const enc = encryptionOf(config.attrs.configuration);
    return check(!!enc && enc.atRest && enc.inTransit, `security configuration ${config.address}: at rest ${String(enc?.atRest)}, in transit ${String(enc?.inTransit)}`);
  },
});
