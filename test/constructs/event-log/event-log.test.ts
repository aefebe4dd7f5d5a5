import { beforeAll, describe, expect, it } from "vitest";
import { RegionResolver, WAREHOUSE } from "../../../regions/resolvers.js";
import { manifestOf, policyOf, synthRegion, type Synthesized } from "../../helpers.js";
import { logicalId, ref, resourceAt } from "../refs.js";

const manifest = manifestOf();
const eu = manifest.regions.find((r) => r.id === "eu")!;
const names = new RegionResolver(eu, manifest.central.namespace);

describe("EventLog", () => {
  let syn: Synthesized;
  let connector: Record<string, any>;
  let config: Record<string, string>;
  beforeAll(() => {
    syn = synthRegion("eu", manifest);
    connector = syn.only("aws_mskconnect_connector");
    config = connector.connector_configuration;
  });

  it("is addressable as the event-sink exception", () => {
    expect(logicalId(syn, "aws_mskconnect_connector", "EventLog_EventSink")).toMatch(/^EventLog_EventSink_/);
    expect(connector.name).toBe(names.eventSinkConnectorName);
    expect(connector.name).toContain("event-sink");
  });

  it("streams the region's events topic into the region's own warehouse table with Snowpipe Streaming", () => {
    expect(config.topics).toBe(names.eventsTopic);
    expect(config["snowflake.topic2table.map"]).toBe(`${names.eventsTopic}:${names.warehouseEventsTable}`);
    expect(config["snowflake.database.name"]).toBe(WAREHOUSE.database);
    expect(config["snowflake.schema.name"]).toBe(WAREHOUSE.eventsSchema);
    expect(config["snowflake.ingestion.method"]).toBe("SNOWPIPE_STREAMING");
    expect(config["connector.class"]).toBe("com.snowflake.kafka.connector.SnowflakeSinkConnector");
  });

  it("authenticates to Kafka with IAM over TLS", () => {
    expect(connector.kafka_cluster_client_authentication).toEqual({ authentication_type: "IAM" });
    expect(connector.kafka_cluster_encryption_in_transit).toEqual({ encryption_type: "TLS" });
    expect(connector.kafka_cluster.apache_kafka_cluster.bootstrap_servers).toBe(ref(syn, "aws_msk_cluster", "Kafka", "bootstrap_brokers_sasl_iam"));
  });

  it("takes the Snowflake key pair from this region's Secrets Manager at runtime, with no secret value in the config", () => {
    for (const key of ["url", "user", "role", "private_key"]) {
      expect(Object.values(config)).toContain(`$\${secretsmanager:${names.eventSinkSecretName}:${key}}`);
    }
    const secret = resourceAt(syn, "aws_secretsmanager_secret", "EventLog_EventSinkSecret");
    expect(secret.name).toBe(names.eventSinkSecretName);
    expect(secret.kms_key_id).toBe(ref(syn, "aws_kms_key", "Keys_Streaming", "arn"));
    expect(secret.lifecycle.prevent_destroy).toBe(true);
    expect(syn.resources("aws_secretsmanager_secret_version")).toEqual({});
    const worker = syn.only("aws_mskconnect_worker_configuration").properties_file_content as string;
    expect(worker).toContain("config.providers.secretsmanager.class=com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider");
    expect(worker).toContain(`config.providers.secretsmanager.param.region=${eu.awsRegion}`);
  });

  it("delivers worker logs to an encrypted in-region log group", () => {
    expect(connector.log_delivery.worker_log_delivery.cloudwatch_logs).toEqual({ enabled: true, log_group: ref(syn, "aws_cloudwatch_log_group", "EventLog_EventSinkLogs", "name") });
    expect(resourceAt(syn, "aws_cloudwatch_log_group", "EventLog_EventSinkLogs").kms_key_id).toBe(ref(syn, "aws_kms_key", "Keys_Logs", "arn"));
  });

  it("loads its plugin from an encrypted, private bucket in the region", () => {
    const plugin = syn.only("aws_mskconnect_custom_plugin");
    expect(plugin.location.s3.bucket_arn).toBe(ref(syn, "aws_s3_bucket", "EventLog_EventSinkPlugins", "arn"));
    const sse = resourceAt(syn, "aws_s3_bucket_server_side_encryption_configuration", "EventLog_EventSinkPlugins_Encryption");
    expect(sse.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(ref(syn, "aws_kms_key", "Keys_Streaming", "arn"));
  });

  it("logs access to the plugin bucket into the region's logs bucket", () => {
    const logging = resourceAt(syn, "aws_s3_bucket_logging", "EventLog_EventSinkPlugins_AccessLogs");
    expect(logging.target_bucket).toBe(ref(syn, "aws_s3_bucket", "DataLake_Logs", "id"));
  });

  it("runs in the app subnets with no ingress and egress only inside the VPC", () => {
    const sg = resourceAt(syn, "aws_security_group", "EventLog_EventSinkSecurityGroup");
    expect(sg.ingress).toEqual([]);
    for (const rule of sg.egress) expect(rule.cidr_blocks).toEqual([eu.cidr]);
    expect(connector.kafka_cluster.apache_kafka_cluster.vpc.security_groups).toEqual([ref(syn, "aws_security_group", "EventLog_EventSinkSecurityGroup", "id")]);
  });

  it("lets the sink read only the events topic of this region's cluster and its own secret", () => {
    const statements = policyOf(resourceAt(syn, "aws_iam_role_policy", "EventLog_EventSinkRolePolicy").policy).Statement;
    const read = statements.find((s) => [s.Action].flat().includes("kafka-cluster:ReadData") && s.Sid === "ReadEventsTopic")!;
    expect([read.Resource].flat()).toEqual([expect.stringMatching(new RegExp(`^arn:aws:kafka:${eu.awsRegion}:${eu.accountId}:topic/${names.mskClusterName}/.+/${names.eventsTopic.replace(".", "\\.")}$`))]);
    expect(statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("secretsmanager:"))).flatMap((s) => [s.Resource].flat())).toEqual([
      ref(syn, "aws_secretsmanager_secret", "EventLog_EventSinkSecret", "arn"),
    ]);
    const trust = policyOf(resourceAt(syn, "aws_iam_role", "EventLog_EventSinkRole").assume_role_policy).Statement[0]!;
    expect(trust.Principal).toEqual({ Service: "kafkaconnect.amazonaws.com" });
  });
});
