import { LAKE_ZONES, RegionResolver } from "../../regions/resolvers.js";
import { globMatch } from "../glob.js";
import { actionMatches, COMPLIANT, defineRule, fail, few, NOT_APPLICABLE, POLICY_ATTRIBUTES, POLICY_DATA_SOURCES, policiesOf } from "../checks.js";
import type { StackContextApi } from "../types.js";

/** One customer-data resource of a region, as an ARN a policy could name, and the actions that reach its data. */
interface Sample {
  readonly arn: string;
  readonly actions: readonly string[];
}

const CUSTOMER_ZONES = LAKE_ZONES.filter((z) => z !== "logs");
const cache = new WeakMap<object, Sample[]>();

/** Concrete ARNs of every region's customer-data resources (lake buckets, databases, Kafka, search, secrets). */
function samples(ctx: StackContextApi): Sample[] {
  let s = cache.get(ctx.manifest);
  if (s) return s;
  s = [];
  for (const region of ctx.manifest.regions) {
    const r = new RegionResolver(region, ctx.manifest.central.namespace);
    const buckets = CUSTOMER_ZONES.flatMap((z) => [r.lakeBucket(z), ...(region.backupRegion ? [r.lakeBackupBucket(z)] : [])]);
    for (const b of buckets) s.push({ arn: `arn:aws:s3:::${b}/tables/x`, actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] }, { arn: `arn:aws:s3:::${b}`, actions: ["s3:ListBucket"] });
    for (const aws of r.allowedAwsRegions) {
      const p = (service: string) => `arn:aws:${service}:${aws}:${region.accountId}:`;
      s.push(
        { arn: `${p("rds")}db:${r.name("shard", ["001"], "rdsIdentifier")}`, actions: ["rds:CreateDBSnapshot", "rds:ModifyDBInstance", "rds:CopyDBSnapshot"] },
        { arn: `${p("rds-db")}dbuser:db-ABC/app`, actions: ["rds-db:connect"] },
        { arn: `${p("kafka")}topic/${r.mskClusterName}/abc/${r.kafkaTopic("block")}`, actions: ["kafka-cluster:ReadData", "kafka-cluster:WriteData"] },
        { arn: `${p("kafka")}cluster/${r.mskClusterName}/abc`, actions: ["kafka-cluster:Connect", "kafka:GetBootstrapBrokers"] },
        { arn: `${p("es")}domain/${r.searchDomainName}/index`, actions: ["es:ESHttpGet", "es:ESHttpPost"] },
        { arn: `${p("aoss")}collection/abc`, actions: ["aoss:APIAccessAll"] },
        { arn: `${p("secretsmanager")}secret:${r.name("x")}-AbCdEf`, actions: ["secretsmanager:GetSecretValue"] },
        // The region's keys: decrypting with one reads whatever it protects.
        { arn: `${p("kms")}key/00000000-0000-0000-0000-000000000000`, actions: ["kms:Decrypt", "kms:GenerateDataKey"] },
      );
    }
  }
  cache.set(ctx.manifest, s);
  return s;
}

export const centralNoRegionalDataAccess = defineRule({
  id: "RK-RES-017",
  name: "central-no-regional-data-access",
  family: "residency",
  level: "error",
  description: "No IAM policy in a central stack allows reading or writing a region's lake buckets (raw, lake, sanitized), databases, Kafka, search, secrets or keys.",
  fix: "Central may submit work to regional EMR clusters and read its own config; grant regional data access only inside data-<id>.",
  controls: { note: "regionkit residency (least privilege across the central/regional boundary)" },
  resourceTypes: Object.keys(POLICY_ATTRIBUTES),
  dataSources: POLICY_DATA_SOURCES,
  stackKinds: ["central", "warehouse"],
  evaluate(resource, ctx) {
    const statements = policiesOf(resource).filter((st) => st.Effect === "Allow");
    if (statements.length === 0) return NOT_APPLICABLE;
    const reached = new Set<string>();
    for (const st of statements) {
      for (const sample of samples(ctx)) {
        if (!st.Resource.some((res) => globMatch(res, sample.arn))) continue;
        const actionHit = sample.actions.some((a) => st.Action.some((p) => actionMatches(p, a)) || (st.NotAction.length > 0 && !st.NotAction.some((p) => actionMatches(p, a))));
        if (actionHit) reached.add(sample.arn);
      }
    }
    return reached.size ? fail(`allows access to regional customer data: ${few([...reached])}`) : COMPLIANT;
  },
});
