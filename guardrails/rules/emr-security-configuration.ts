import { check, COMPLIANT, defineRule, fail, isSet, parseJson } from "../checks.js";
import { isToken, referencesIn } from "../context.js";
import type { StackContextApi, TfResource } from "../types.js";

function encryptionOf(json: unknown): { atRest: boolean; inTransit: boolean } | undefined {
  const doc = parseJson(json);
  if (doc === undefined && typeof json === "string") return undefined; // not JSON
  const e = doc?.EncryptionConfiguration ?? {};
  return { atRest: e.EnableAtRestEncryption === true, inTransit: e.EnableInTransitEncryption === true };
}

/** The security configuration a cluster names: by exact reference (`${aws_emr_security_configuration.X.name}`), else by literal name. */
function configurationOf(ref: unknown, ctx: StackContextApi): TfResource | undefined {
  if (isToken(ref)) return referencesIn(String(ref)).map((address) => ctx.byAddress(address)).find((c) => c?.type === "aws_emr_security_configuration");
  return ctx.ofType("aws_emr_security_configuration").find((c) => c.attrs.name === ref);
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
    const config = configurationOf(ref, ctx);
    if (!config) return COMPLIANT;
    const enc = encryptionOf(config.attrs.configuration);
    return check(!!enc && enc.atRest && enc.inTransit, `security configuration ${config.address}: at rest ${String(enc?.atRest)}, in transit ${String(enc?.inTransit)}`);
  },
});
