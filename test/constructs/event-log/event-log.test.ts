import { beforeAll, describe, expect, it } from "vitest";
import { WAREHOUSE } from "../../../regions/resolvers.js";
import { manifestOf, policyOf, regionResolver, resourceAt, synthRegion, type Synthesized } from "../../helpers.js";

const manifest = manifestOf();
const names = regionResolver(manifest, "eu");
const eu = names.region;

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
    expect(resourceAt(syn, "aws_mskconnect_connector", "EventLog/EventSink").name).toMatch(/^EventLog_EventSink_/);
    expect(connector.name).toBe(names.eventSinkConnectorName);
    expect(connector.name).toContain("event-sink");
  });

  it("streams the region's events topic into the region's own warehouse table with Snowpipe Streaming", () => {
    expect(config.topics).toBe(names.eventsTopic);
    expect(config["snowflake.topic2table.map"]).toBe(`${names.eventsTopic}:${names.warehouseEventsTable}`);
    expect(config["snowflake.database.name"]).toBe(WAREHOUSE.database);
    expect(config["snowflake.schema.name"]).toBe(WAREHOUSE.eventsSchema);
    expect(config["snowflake.ingestion.method"]).toBe("SNOWPIPE_STREAMING");
    // The warehouse grants the sink INSERT only, which is enough without schema evolution.
    expect(config["snowflake.enable.schematization"]).toBe("false");
    expect(config["connector.class"]).toBe("com.snowflake.kafka.connector.SnowflakeSinkConnector");
  });

  it("authenticates to Kafka with IAM over TLS", () => {
    expect(connector.kafka_cluster_client_authentication).toEqual({ authentication_type: "IAM" });
    expect(connector.kafka_cluster_encryption_in_transit).toEqual({ encryption_type: "TLS" });
    expect(connector.kafka_cluster.apache_kafka_cluster.bootstrap_servers).toBe(resourceAt(syn, "aws_msk_cluster", "Kafka").ref("bootstrap_brokers_sasl_iam"));
  });

  it("takes the Snowflake key pair from this region's Secrets Manager at runtime, with no secret value in the config", () => {
    for (const key of ["url", "user", "role", "private_key"]) {
      expect(Object.values(config)).toContain(`$\${secretsmanager:${names.eventSinkSecretName}:${key}}`);
    }
    const secret = resourceAt(syn, "aws_secretsmanager_secret", "EventLog/EventSinkSecret").body;
    expect(secret.name).toBe(names.eventSinkSecretName);
    expect(secret.kms_key_id).toBe(resourceAt(syn, "aws_kms_key", "Keys/Streaming").ref("arn"));
    expect(secret.lifecycle.prevent_destroy).toBe(true);
    expect(syn.resources("aws_secretsmanager_secret_version")).toEqual({});
    const worker = syn.only("aws_mskconnect_worker_configuration").properties_file_content as string;
    expect(worker).toContain("config.providers.secretsmanager.class=com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider");
    expect(worker).toContain(`config.providers.secretsmanager.param.region=${eu.awsRegion}`);
  });

  it("delivers worker logs to an encrypted in-region log group", () => {
    expect(connector.log_delivery.worker_log_delivery.cloudwatch_logs).toEqual({ enabled: true, log_group: resourceAt(syn, "aws_cloudwatch_log_group", "EventLog/EventSinkLogs").ref("name") });
    expect(resourceAt(syn, "aws_cloudwatch_log_group", "EventLog/EventSinkLogs").body.kms_key_id).toBe(resourceAt(syn, "aws_kms_key", "Keys/Logs").ref("arn"));
  });

  it("loads its plugin from an encrypted, private bucket in the region", () => {
    const plugin = syn.only("aws_mskconnect_custom_plugin");
    expect(plugin.location.s3.bucket_arn).toBe(resourceAt(syn, "aws_s3_bucket", "EventLog/EventSinkPlugins").ref("arn"));
    const sse = resourceAt(syn, "aws_s3_bucket_server_side_encryption_configuration", "EventLog/EventSinkPlugins/Encryption").body;
    expect(sse.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(resourceAt(syn, "aws_kms_key", "Keys/Streaming").ref("arn"));
  });

  it("logs access to the plugin bucket into the region's logs bucket", () => {
    const logging = resourceAt(syn, "aws_s3_bucket_logging", "EventLog/EventSinkPlugins/AccessLogs").body;
    expect(logging.target_bucket).toBe(resourceAt(syn, "aws_s3_bucket", "DataLake/Logs").ref("id"));
  });

  it("runs in the app subnets with no ingress and egress only inside the VPC", () => {
    const sg = resourceAt(syn, "aws_security_group", "EventLog/EventSinkSecurityGroup").body;
    expect(sg.ingress).toEqual([]);
    for (const rule of sg.egress) expect(rule.cidr_blocks).toEqual([eu.cidr]);
    expect(connector.kafka_cluster.apache_kafka_cluster.vpc.security_groups).toEqual([resourceAt(syn, "aws_security_group", "EventLog/EventSinkSecurityGroup").ref("id")]);
  });

  it("lets the sink read only the events topic of this region's cluster and its own secret", () => {
    const statements = policyOf(resourceAt(syn, "aws_iam_role_policy", "EventLog/EventSinkRolePolicy").body.policy).Statement;
    const read = statements.find((s) => [s.Action].flat().includes("kafka-cluster:ReadData") && s.Sid === "ReadEventsTopic")!;
    expect([read.Resource].flat()).toEqual([expect.stringMatching(new RegExp(`^arn:aws:kafka:${eu.awsRegion}:${eu.accountId}:topic/${names.mskClusterName}/.+/${names.eventsTopic.replace(".", "\\.")}$`))]);
    expect(statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("secretsmanager:"))).flatMap((s) => [s.Resource].flat())).toEqual([
      resourceAt(syn, "aws_secretsmanager_secret", "EventLog/EventSinkSecret").ref("arn"),
    ]);
    const trust = policyOf(resourceAt(syn, "aws_iam_role", "EventLog/EventSinkRole").body.assume_role_policy).Statement[0]!;
    expect(trust.Principal).toEqual({ Service: "kafkaconnect.amazonaws.com" });
  });

  it("sends records it cannot convert or write to the region's dead-letter topic instead of stopping", () => {
    expect(config["errors.tolerance"]).toBe("all");
    expect(config["errors.deadletterqueue.topic.name"]).toBe("eu.events.dlq");
    expect(config["errors.deadletterqueue.topic.name"]).toBe(names.eventsDeadLetterTopic());
    expect(config["errors.deadletterqueue.context.headers.enable"]).toBe("true");
  });

  it("may write the dead-letter topic but not create topics outside MSK Connect's own", () => {
    const statements = policyOf(resourceAt(syn, "aws_iam_role_policy", "EventLog/EventSinkRolePolicy").body.policy).Statement;
    const dlq = statements.find((s) => s.Sid === "WriteDeadLetters")!;
    expect(dlq.Action).toEqual(["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"]);
    expect([dlq.Resource].flat()).toEqual([expect.stringMatching(/\/eu\.events\.dlq$/)]);
    const creates = statements.filter((s) => [s.Action].flat().includes("kafka-cluster:CreateTopic")).flatMap((s) => [s.Resource].flat());
    for (const arn of creates) expect(arn).toMatch(/__amazon_msk_connect_\*$/);
  });
});
