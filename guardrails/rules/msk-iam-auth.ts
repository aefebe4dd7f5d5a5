import { check, defineRule, get, isTrue } from "../checks.js";

export const mskIamAuth = defineRule({
  id: "RK-SEC-019",
  name: "msk-iam-auth",
  family: "security",
  level: "error",
  description: "MSK clients authenticate with IAM and unauthenticated access is off.",
  fix: "Set client_authentication { sasl { iam = true }, unauthenticated = false }.",
  controls: { fsbp: ["MSK.6"], note: "AWS Config msk-unrestricted-access-check" },
  resourceTypes: ["aws_msk_cluster"],
  evaluate(r) {
    const auth = get(r.attrs, "client_authentication") ?? {};
    return check(isTrue(get(auth, "sasl.iam")) && !isTrue(auth.unauthenticated), `sasl.iam ${String(get(auth, "sasl.iam"))}, unauthenticated ${String(auth.unauthenticated ?? false)}`);
  },
});
