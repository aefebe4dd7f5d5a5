import { check, defineRule } from "../checks.js";

export const mwaaPrivateWebserver = defineRule({
  id: "RK-SEC-037",
  name: "mwaa-private-webserver",
  family: "security",
  level: "error",
  description: "MWAA environments serve the Airflow UI privately (`webserver_access_mode` PRIVATE_ONLY).",
  fix: "Set webserver_access_mode = \"PRIVATE_ONLY\".",
  controls: { note: "cdk-nag MWAA public access; no FSBP control" },
  resourceTypes: ["aws_mwaa_environment"],
  evaluate(r) {
    // The provider default is PRIVATE_ONLY; only an explicit PUBLIC_ONLY fails.
    const mode = r.attrs.webserver_access_mode ?? "PRIVATE_ONLY";
    return check(mode === "PRIVATE_ONLY", `webserver_access_mode ${String(mode)}`);
  },
});
