import { bucketsInJurisdiction, defineRule, getAll } from "../checks.js";

export const emrLogUriInRegion = defineRule({
  id: "RK-RES-012",
  name: "emr-log-uri-in-region",
  family: "residency",
  level: "error",
  description: "EMR cluster logs (`log_uri`) go to a bucket of this region.",
  fix: "Set log_uri to s3://<the region's logs bucket>/emr/ (RegionResolver.lakeBucket(\"logs\")).",
  controls: { note: "regionkit residency" },
  resourceTypes: ["aws_emr_cluster", "aws_emrserverless_application"],
  evaluate(resource, ctx) {
    const values = [...getAll(resource.attrs, "log_uri"), ...getAll(resource.attrs, "monitoring_configuration.s3_monitoring_configuration.log_uri")];
    return bucketsInJurisdiction(ctx, values, "log_uri");
  },
});
