/**
 * What the residency analysis knows, in two parts: the closed world of resource types (here) and, at the
 * end of this file, the vocabulary it reads configuration with.
 *
 * The closed world of resource types: every managed resource type the kit may place, what it does
 * with data, and in which kind of stack it may appear. A type that is not here is an error
 * (`RK-RES-018`): classify it before using it, so that nothing new moves data unseen.
 *
 * - `store`: holds data (customer data in a regional stack, sanitized data in the warehouse).
 * - `mover`: moves data somewhere; `to` names its destination attributes (dotted paths through
 *   blocks; `*` for every value of a map). Every destination must resolve inside the jurisdiction.
 * - `control`: control plane only (network, IAM, keys, alarms, compute that reads what IAM allows).
 *
 * Every string of every resource is scanned whatever its class (regions, accounts, hosts, buckets,
 * principals); `to` only adds the attributes whose *non-literal* values (variables, unknown names)
 * must be proven too.
 */

/** Kind of stack, from its name: `data-<id>`, `cdc-<id>`, `bootstrap-<id>`, `central`, `warehouse`, `edge`. */
export type Profile = "data" | "cdc" | "bootstrap" | "central" | "warehouse" | "edge";
export type DataRole = "store" | "mover" | "control";

export interface TypeClass {
  readonly role: DataRole;
  /** Kinds of stack the type may be placed in. */
  readonly where: readonly Profile[];
  /** Destination attributes of a mover. */
  readonly to?: readonly string[];
  /**
   * Whether the mover may set none of `to` (a function without a dead-letter queue, a backup plan
   * without copies): then it moves nothing the configuration names. Otherwise a mover with none of
   * them set fails closed, its destination is hidden (a DMS endpoint whose host is only in a secret).
   * @default false
   */
  readonly optionalTo?: boolean;
}

const REGIONAL: readonly Profile[] = ["data", "cdc", "bootstrap"];
/** AWS infrastructure any AWS stack may hold (central holds no customer data, but has a network, keys, logs). */
const AWS: readonly Profile[] = [...REGIONAL, "central"];

const store = (where: readonly Profile[] = REGIONAL): TypeClass => ({ role: "store", where });
const control = (where: readonly Profile[] = AWS): TypeClass => ({ role: "control", where });
const mover = (to: readonly string[], where: readonly Profile[] = REGIONAL): TypeClass => ({ role: "mover", where, to });
/** A mover whose destination attributes are all optional (see `optionalTo`). */
const sideMover = (to: readonly string[], where: readonly Profile[] = REGIONAL): TypeClass => ({ role: "mover", where, to, optionalTo: true });

const each = (types: readonly string[], c: TypeClass): Record<string, TypeClass> => Object.fromEntries(types.map((t) => [t, c]));

/** Exact types. */
export const CATALOG: Readonly<Record<string, TypeClass>> = {
  // Customer data stores: regional only.
  ...each(
    [
      "aws_db_instance",
      "aws_rds_cluster",
      "aws_rds_cluster_instance",
      "aws_msk_cluster",
      "aws_msk_serverless_cluster",
      "aws_opensearch_domain",
      "aws_opensearchserverless_collection",
      "aws_eks_cluster",
      "aws_efs_file_system",
      "aws_ebs_volume",
      "aws_ebs_snapshot",
      "aws_db_snapshot",
      "aws_db_cluster_snapshot",
      "aws_kinesis_stream",
      "aws_elasticache_replication_group",
      "aws_elasticache_cluster",
      "aws_elasticache_serverless_cache",
      "aws_redshift_cluster",
      "aws_backup_vault",
      "aws_glue_catalog_table",
      "aws_glue_catalog_database",
      "aws_athena_database",
      "aws_secretsmanager_secret_version",
      "aws_ecr_repository",
    ],
    store(),
  ),
  // Stores central may hold too: the workspace→region mapping table, config bucket and objects, logs, secrets, queues.
  ...each(
    ["aws_s3_bucket", "aws_dynamodb_table", "aws_s3_object", "aws_cloudwatch_log_group", "aws_secretsmanager_secret", "aws_sqs_queue", "aws_ssm_parameter"],
    store(AWS),
  ),
  aws_s3_bucket: { role: "store", where: AWS, to: ["replication_configuration.rules.destination.bucket", "replication_configuration.rules.destination.replica_kms_key_id", "logging.target_bucket"] },
  aws_secretsmanager_secret: { role: "store", where: AWS, to: ["replica.kms_key_id"] },
  aws_dynamodb_table: { role: "store", where: AWS, to: ["replica.kms_key_arn"] },
  aws_msk_cluster: { role: "store", where: REGIONAL, to: ["logging_info.broker_logs.s3.bucket", "logging_info.broker_logs.firehose.delivery_stream", "logging_info.broker_logs.cloudwatch_logs.log_group"] },
  aws_opensearch_domain: { role: "store", where: REGIONAL, to: ["log_publishing_options.cloudwatch_log_group_arn"] },
  aws_db_instance: { role: "store", where: REGIONAL, to: ["replicate_source_db", "kms_key_id"] },
  aws_rds_cluster: { role: "store", where: REGIONAL, to: ["replication_source_identifier", "global_cluster_identifier"] },
  aws_redshift_cluster: { role: "store", where: REGIONAL, to: ["logging.bucket_name", "snapshot_copy.destination_region"] },
  aws_eks_cluster: { role: "store", where: REGIONAL, to: [] },

  // Movers.
  aws_s3_bucket_replication_configuration: mover(["rule.destination.bucket", "rule.destination.account", "rule.destination.encryption_configuration.replica_kms_key_id"], AWS),
  aws_s3_bucket_logging: mover(["target_bucket"], AWS),
  aws_s3_bucket_notification: sideMover(["topic.topic_arn", "queue.queue_arn", "lambda_function.lambda_function_arn"], AWS),
  aws_s3_bucket_inventory: mover(["destination.bucket.bucket_arn", "destination.bucket.account_id"], AWS),
  aws_s3_bucket_analytics_configuration: mover(["storage_class_analysis.data_export.destination.s3_bucket_destination.bucket_arn"], AWS),
  aws_s3control_multi_region_access_point: mover(["details.region.bucket", "details.region.bucket_account_id"]),
  aws_s3_access_point: mover(["bucket", "bucket_account_id"], AWS),
  aws_sns_topic: store(AWS),
  aws_sns_topic_subscription: mover(["endpoint", "subscription_role_arn"], AWS),
  aws_sqs_queue_redrive_policy: mover(["redrive_policy"], AWS),
  aws_cloudwatch_event_target: mover(["arn", "role_arn", "dead_letter_config.arn"], AWS),
  aws_cloudwatch_event_api_destination: mover(["invocation_endpoint", "connection_arn"], AWS),
  aws_cloudwatch_event_endpoint: mover(["event_bus.event_bus_arn", "routing_config.failover_config.secondary.route", "replication_config.state"], AWS),
  aws_pipes_pipe: mover(["source", "target", "enrichment"]),
  aws_cloudwatch_log_subscription_filter: mover(["destination_arn"], AWS),
  aws_cloudwatch_log_destination: mover(["target_arn"], AWS),
  aws_flow_log: mover(["log_destination", "log_group_name", "deliver_cross_account_role"], AWS),
  aws_kinesis_firehose_delivery_stream: mover(
    [
      "extended_s3_configuration.bucket_arn",
      // Source-record backups go to a second bucket of their own (every *_configuration may have one).
      "extended_s3_configuration.s3_backup_configuration.bucket_arn",
      "http_endpoint_configuration.s3_configuration.bucket_arn",
      "opensearch_configuration.s3_configuration.bucket_arn",
      "redshift_configuration.s3_configuration.bucket_arn",
      "redshift_configuration.s3_backup_configuration.bucket_arn",
      "splunk_configuration.s3_configuration.bucket_arn",
      "snowflake_configuration.s3_configuration.bucket_arn",
      "iceberg_configuration.s3_configuration.bucket_arn",
      "s3_configuration.bucket_arn",
      "http_endpoint_configuration.url",
      "opensearch_configuration.domain_arn",
      "elasticsearch_configuration.domain_arn",
      "redshift_configuration.cluster_jdbcurl",
      "snowflake_configuration.account_url",
      "splunk_configuration.hec_endpoint",
      "iceberg_configuration.catalog_arn",
      "kinesis_source_configuration.kinesis_stream_arn",
      "msk_source_configuration.msk_cluster_arn",
    ],
    AWS,
  ),
  aws_mskconnect_connector: mover(["kafka_cluster.apache_kafka_cluster.bootstrap_servers", "connector_configuration.*", "log_delivery.worker_log_delivery.s3.bucket"]),
  aws_msk_replicator: mover(["kafka_cluster.amazon_msk_cluster.msk_cluster_arn", "replication_info_list.source_kafka_cluster_arn", "replication_info_list.target_kafka_cluster_arn"]),
  aws_emr_studio: mover(["default_s3_location"]),
  aws_opensearch_outbound_connection: mover(["remote_domain_info.owner_id", "remote_domain_info.domain_name"]),
  aws_opensearch_inbound_connection_accepter: mover(["connection_id"]),
  aws_db_instance_automated_backups_replication: mover(["source_db_instance_arn", "kms_key_id"]),
  // Replicates to its member clusters, which name it (RK-RES-006 keeps every member in the jurisdiction): a source is optional.
  aws_rds_global_cluster: sideMover(["source_db_cluster_identifier"]),
  aws_db_snapshot_copy: mover(["source_db_snapshot_identifier", "kms_key_id"]),
  aws_rds_cluster_snapshot_copy: mover(["source_db_cluster_snapshot_identifier", "kms_key_id"]),
  aws_dynamodb_table_replica: mover(["global_table_arn", "kms_key_arn"]),
  aws_dynamodb_kinesis_streaming_destination: mover(["stream_arn"]),
  aws_dynamodb_table_export: mover(["s3_bucket", "s3_bucket_owner"]),
  aws_backup_plan: sideMover(["rule.copy_action.destination_vault_arn"]),
  aws_backup_selection: control(REGIONAL),
  aws_backup_vault_policy: control(REGIONAL),
  aws_ebs_snapshot_copy: mover(["source_snapshot_id", "kms_key_id"]),
  aws_ami_copy: mover(["source_ami_id", "kms_key_id"]),
  aws_dlm_lifecycle_policy: sideMover(["policy_details.schedule.cross_region_copy_rule.target", "policy_details.schedule.cross_region_copy_rule.cmk_arn", "policy_details.action.cross_region_copy.target"]),
  aws_kms_replica_key: mover(["primary_key_arn"], AWS),
  aws_secretsmanager_secret_rotation: sideMover(["rotation_lambda_arn"], AWS),
  aws_ecr_replication_configuration: mover(["replication_configuration.rule.destination.registry_id"]),
  aws_route53_query_log: mover(["cloudwatch_log_group_arn"], AWS),
  aws_route53_resolver_query_log_config: mover(["destination_arn"], AWS),
  aws_redshift_snapshot_copy: mover(["destination_region", "snapshot_copy_grant_name"]),
  aws_elasticache_global_replication_group: mover(["primary_replication_group_id"]),
  aws_glue_job: mover(["command.script_location", "default_arguments.*", "connections"]),
  aws_glue_crawler: mover(["s3_target.path", "jdbc_target.connection_name", "dynamodb_target.path", "catalog_target.database_name", "delta_target.delta_tables"]),
  aws_glue_connection: sideMover(["connection_properties.*"]),
  aws_athena_workgroup: mover(["configuration.result_configuration.output_location", "configuration.result_configuration.expected_bucket_owner"]),
  aws_athena_data_catalog: sideMover(["parameters.*"]),
  aws_datasync_task: mover(["source_location_arn", "destination_location_arn"]),
  aws_datasync_location_s3: mover(["s3_bucket_arn"]),
  aws_dms_endpoint: mover(["server_name", "s3_settings.bucket_name", "kafka_settings.broker", "kinesis_settings.stream_arn", "elasticsearch_settings.endpoint_uri", "redshift_settings.bucket_name", "redis_settings.server_name"]),
  aws_dms_s3_endpoint: mover(["bucket_name"]),
  aws_dms_replication_task: mover(["source_endpoint_arn", "target_endpoint_arn"]),
  aws_dms_replication_instance: control(REGIONAL),
  aws_vpc_endpoint: mover(["service_name", "service_region", "service_network_arn", "resource_configuration_arn"], AWS),
  aws_vpc_peering_connection: mover(["peer_vpc_id", "peer_owner_id"], AWS),
  aws_vpc_peering_connection_accepter: mover(["vpc_peering_connection_id"], AWS),
  aws_ec2_transit_gateway_peering_attachment: mover(["peer_transit_gateway_id", "peer_account_id"], AWS),
  // A transit gateway inside the region's network; what it attaches to must be a resource of the stack (analysis `networkPaths`).
  aws_ec2_transit_gateway_vpc_attachment: mover(["transit_gateway_id", "vpc_id"]),
  aws_ec2_transit_gateway_vpc_attachment_accepter: mover(["transit_gateway_attachment_id"]),
  aws_ec2_transit_gateway_peering_attachment_accepter: mover(["transit_gateway_attachment_id"]),
  aws_bedrock_inference_profile: mover(["model_source.copy_from"]),
  aws_lambda_function: sideMover(["dead_letter_config.target_arn", "environment.variables.*"], AWS),
  aws_lambda_event_source_mapping: mover(["event_source_arn", "self_managed_event_source.endpoints.*", "destination_config.on_failure.destination_arn"], AWS),
  aws_lambda_function_event_invoke_config: sideMover(["destination_config.on_success.destination", "destination_config.on_failure.destination"], AWS),
  aws_sfn_state_machine: mover(["definition"], AWS),

  // Control plane.
  ...each(
    [
      "aws_vpc",
      "aws_subnet",
      "aws_route_table",
      "aws_route_table_association",
      "aws_route",
      "aws_internet_gateway",
      "aws_nat_gateway",
      "aws_eip",
      "aws_security_group",
      "aws_default_security_group",
      "aws_vpc_security_group_egress_rule",
      "aws_vpc_security_group_ingress_rule",
      "aws_security_group_rule",
      "aws_network_acl",
      "aws_default_network_acl",
      "aws_kms_key",
      "aws_kms_alias",
      "aws_kms_grant",
      "aws_kms_key_policy",
      "aws_cloudwatch_log_resource_policy",
      "aws_cloudwatch_metric_alarm",
      "aws_cloudwatch_composite_alarm",
      "aws_cloudwatch_dashboard",
      "aws_cloudwatch_event_rule",
      "aws_cloudwatch_event_bus",
      "aws_cloudwatch_event_connection",
      "aws_sns_topic_policy",
      "aws_sqs_queue_policy",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_policy",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_versioning",
      "aws_s3_bucket_object_lock_configuration",
      "aws_s3_account_public_access_block",
      "aws_secretsmanager_secret_policy",
      "aws_lambda_permission",
      "aws_lb",
      "aws_lb_listener",
      "aws_lb_target_group",
      "aws_lb_target_group_attachment",
      "aws_lb_listener_rule",
      "aws_launch_template",
      "aws_route53_zone",
      "aws_route53_record",
      "aws_mwaa_environment",
    ],
    control(),
  ),
  ...each(
    [
      "aws_db_parameter_group",
      "aws_db_subnet_group",
      "aws_rds_cluster_parameter_group",
      "aws_eks_addon",
      "aws_eks_node_group",
      "aws_eks_pod_identity_association",
      "aws_eks_access_entry",
      "aws_eks_access_policy_association",
      "aws_emr_block_public_access_configuration",
      "aws_emr_security_configuration",
      "aws_msk_configuration",
      "aws_msk_cluster_policy",
      "aws_mskconnect_custom_plugin",
      "aws_mskconnect_worker_configuration",
      "aws_opensearch_domain_policy",
      "aws_opensearchserverless_access_policy",
      "aws_opensearchserverless_security_policy",
      "aws_opensearchserverless_vpc_endpoint",
      "aws_ecr_lifecycle_policy",
      "aws_ecr_repository_policy",
      "aws_elasticache_subnet_group",
      "aws_redshift_subnet_group",
      "aws_redshift_snapshot_copy_grant",
      "aws_glue_security_configuration",
      "aws_dms_replication_subnet_group",
      "aws_kinesis_stream_consumer",
      "aws_ec2_transit_gateway",
      "aws_ec2_transit_gateway_route_table",
      "aws_ec2_transit_gateway_route",
      "aws_ec2_transit_gateway_route_table_association",
      "aws_ec2_transit_gateway_route_table_propagation",
    ],
    control(REGIONAL),
  ),
  aws_cloudwatch_log_group: store(AWS),
  // Common building blocks, classified ahead of use.
  ...each(["aws_elasticsearch_domain", "aws_docdb_cluster", "aws_neptune_cluster", "aws_memorydb_cluster", "aws_timestreamwrite_table", "aws_keyspaces_table", "aws_fsx_lustre_file_system", "aws_cloudwatch_event_archive", "aws_kinesis_video_stream"], store()),
  ...each(
    [
      "aws_instance",
      "aws_network_interface",
      "aws_volume_attachment",
      "aws_efs_mount_target",
      "aws_efs_access_point",
      "aws_efs_file_system_policy",
      "aws_cloudwatch_log_metric_filter",
      "aws_cloudwatch_log_stream",
      "aws_cloudwatch_log_data_protection_policy",
      "aws_cloudwatch_event_bus_policy",
      "aws_cloudwatch_event_permission",
      "aws_sqs_queue_redrive_allow_policy",
      "aws_ssm_document",
      "aws_ssm_association",
      "aws_acm_certificate",
      "aws_acm_certificate_validation",
      "aws_wafv2_web_acl",
      "aws_wafv2_web_acl_association",
      "aws_guardduty_detector",
      "aws_placement_group",
      "aws_key_pair",
      "aws_ec2_tag",
      "aws_vpc_dhcp_options",
      "aws_vpc_dhcp_options_association",
      "aws_vpc_endpoint_route_table_association",
      "aws_vpc_endpoint_subnet_association",
      "aws_vpc_endpoint_policy",
      "aws_network_acl_rule",
      "aws_ec2_managed_prefix_list",
      "aws_db_proxy",
      "aws_db_proxy_default_target_group",
      "aws_db_proxy_target",
      "aws_db_option_group",
      "aws_elasticache_parameter_group",
      "aws_elasticache_user",
      "aws_elasticache_user_group",
      "aws_athena_named_query",
      "aws_athena_workgroup_policy",
      "aws_glue_trigger",
      "aws_glue_workflow",
      "aws_glue_resource_policy",
      "aws_kinesis_resource_policy",
      "aws_dynamodb_resource_policy",
      "aws_dynamodb_contributor_insights",
      "aws_backup_vault_lock_configuration",
      "aws_backup_vault_notifications",
      "aws_s3_bucket_acl",
      "aws_s3_bucket_cors_configuration",
      "aws_s3_bucket_intelligent_tiering_configuration",
      "aws_s3_bucket_metric",
      "aws_s3_bucket_request_payment_configuration",
      "aws_s3_bucket_accelerate_configuration",
      "aws_s3_access_point_policy",
      "aws_emr_instance_group",
      "aws_emr_managed_scaling_policy",
      "aws_emrserverless_application",
      "aws_sagemaker_domain",
    ],
    control(REGIONAL),
  ),
  aws_config_delivery_channel: mover(["s3_bucket_name", "sns_topic_arn"], AWS),
  aws_config_configuration_recorder: control(AWS),
  aws_cloudtrail: mover(["s3_bucket_name", "cloud_watch_logs_group_arn", "sns_topic_name"], AWS),
  aws_emr_cluster: sideMover(["log_uri", "bootstrap_action.path", "step.hadoop_jar_step.args"]),
  // CDC on EKS (cdc-<id>): custom resources are read kind by kind (RK-RES-023).
  kubernetes_manifest: { role: "mover", where: ["cdc"], to: [] },
  snowflake_storage_integration: { role: "mover", where: ["warehouse"], to: ["storage_allowed_locations", "storage_aws_role_arn"] },
  snowflake_stage: { role: "mover", where: ["warehouse"], to: ["url", "storage_integration"] },
  snowflake_pipe: { role: "mover", where: ["warehouse"], to: ["copy_statement"] },
  snowflake_external_table: { role: "mover", where: ["warehouse"], to: ["location"] },
  snowflake_external_volume: { role: "mover", where: ["warehouse"], to: ["storage_location.storage_base_url"] },
  ...each(["snowflake_database", "snowflake_schema", "snowflake_table", "snowflake_view", "snowflake_dynamic_table"], store(["warehouse"])),
  ...each(["snowflake_account_role", "snowflake_role", "snowflake_warehouse", "snowflake_file_format"], control(["warehouse"])),
  // Edge (Cloudflare): routes requests by workspace id to regional endpoints, holds no customer data.
  ...each(["cloudflare_r2_bucket", "cloudflare_d1_database", "cloudflare_queue", "cloudflare_logpush_job"], store([])),
};

/**
 * Families classified by prefix (longest prefix wins; an exact entry above wins over any prefix):
 * their members are control plane in the stacks named.
 */
export const PREFIXES: Readonly<Record<string, TypeClass>> = {
  aws_iam_: control(),
  aws_ecs_: control(REGIONAL),
  aws_autoscaling_: control(AWS),
  aws_mskconnect_: control(REGIONAL),
  aws_appautoscaling_: control(AWS),
  kubernetes_: control(["cdc"]),
  cloudflare_: control(["edge"]),
  // Grants only: every other Snowflake type is classified one by one (shares, replication and failover
  // groups, network rules, notification integrations move data to other accounts or the internet).
  snowflake_grant_: control(["warehouse"]),
};

/** The class of a type, or undefined when the kit has not classified it. */
/**
 * Ephemeral resources (top-level `ephemeral` blocks, Terraform 1.10+): opened during plan and apply, never
 * stored, so they act rather than hold. Reading a secret, parameter or token of the stack's own account is
 * control; invoking a function sends its payload to it (a mover). Any other ephemeral type fails RK-RES-018.
 */
export const EPHEMERAL: Readonly<Record<string, TypeClass>> = {
  aws_lambda_invocation: mover(["function_name"], AWS),
  aws_secretsmanager_secret_version: control(),
  aws_secretsmanager_random_password: control(),
  aws_ssm_parameter: control(),
  aws_kms_secrets: control(),
  aws_eks_cluster_auth: control(),
};

export function classify(type: string): TypeClass | undefined {
  const exact = CATALOG[type];
  if (exact) return exact;
  let best: string | undefined;
  for (const p of Object.keys(PREFIXES)) if (type.startsWith(p) && (!best || p.length > best.length)) best = p;
  return best ? PREFIXES[best] : undefined;
}

/** Custom resource kinds a `cdc-<id>` stack may apply, by API group; anything else (MirrorMaker2, bridges) is an error. */
export const KUBERNETES_CUSTOM_KINDS: Readonly<Record<string, readonly string[]>> = {
  "kafka.strimzi.io": ["KafkaConnect", "KafkaConnector", "KafkaTopic", "KafkaUser"],
  // In-cluster monitoring of the Connect pods (Prometheus scrapes inside the cluster).
  "monitoring.coreos.com": ["PodMonitor", "ServiceMonitor", "PrometheusRule"],
};

/** Built-in Kubernetes kinds a `cdc-<id>` stack may apply (a Service only as ClusterIP: nothing exposed, nothing aliased elsewhere). */
export const KUBERNETES_BUILTIN_KINDS: readonly string[] = [
  "Namespace",
  "ServiceAccount",
  "Role",
  "RoleBinding",
  "ClusterRole",
  "ClusterRoleBinding",
  "ConfigMap",
  "Secret",
  "Deployment",
  "StatefulSet",
  "Job",
  "CronJob",
  "DaemonSet",
  "HorizontalPodAutoscaler",
  "Service",
  "NetworkPolicy",
  "PodDisruptionBudget",
];

/** Kafka Connect connector classes that stay in the region (Debezium reads the region's Postgres into its Kafka). */
export const IN_REGION_CONNECTOR_CLASSES: readonly string[] = ["io.debezium.connector.postgresql.PostgresConnector"];

/** The designed crossing's connector class: the event sink into the central warehouse. */
export const EVENT_SINK_CONNECTOR_CLASS = "com.snowflake.kafka.connector.SnowflakeSinkConnector";

// ---------------------------------------------------------------------------------------------------------
// The vocabulary the analysis (analysis.ts) reads configuration with: which keys name places or hold content,
// which actions send data, which agents and outputs reach vendors, which texts call the Kafka Connect API.
// Knowledge lives here; analysis.ts holds the flows that apply it.
// ---------------------------------------------------------------------------------------------------------

/** Documentation only: may mention other regions in prose. */
export const DOC_KEYS = new Set(["description", "comment", "tags", "tags_all", "default_tags", "//"]);
/**
 * Terraform meta-arguments: addresses and expressions, not places. Not `provisioner` and `connection`:
 * a provisioner's command is code run with the stack's credentials, read like any string (hosts, buckets,
 * accounts, regions in its text), and a connection names the host it runs on.
 */
export const META_KEYS = new Set(["depends_on", "lifecycle", "provider", "count", "for_each"]);
/**
 * ARNs of things that move data on (a delivery stream, a function, a topic, a queue, a bus, a stream, a
 * state machine, a log destination), by service and resource prefix: a mover delivering to one the stack
 * does not define hands its data to a next hop the configuration does not show.
 */
export const FORWARDER_ARN = /^arn:aws:(firehose|lambda|sns|sqs|events|kinesis|states|logs):[a-z0-9-]*:\d{12}:(deliverystream\/|function:|event-bus\/|stream\/|stateMachine:|destination:|(?=[^:/]+$))([^:/]+)/;
/** Where `self` is the resource itself (a provisioner or its connection): judged where it is defined. */
export const SELF_KEYS = new Set(["provisioner", "connection"]);
/** A nested region argument: `region`, `region_name`, `destination_region`, `service_region`, `...param.region`. */
export const REGION_KEY = /(?:^|[._])(?:[a-z]+_)?region(?:s|_name)?$/i;
export const BUCKET_KEY = /(?:^|_)bucket(?:_name)?$/i;
export const HOST_KEY = /(?:^|[._])(?:host|hostname|server_name|server_hostname|endpoint|endpoints|url|uri|broker|brokers|bootstrap_servers|servers|invocation_endpoint)$/i;
/** Actions that deliver to people outside AWS (email, SMS, voice, push) whatever resource they name. */
export const OUTSIDE_ACTIONS = ["ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail", "ses:SendBulkEmail", "ses:SendBulkTemplatedEmail", "mobiletargeting:SendMessages", "mobiletargeting:SendUsersMessages", "sms-voice:SendTextMessage", "sms-voice:SendVoiceMessage", "social-messaging:SendWhatsAppMessage"];
/** Actions that send data to the resource they name. */
export const EGRESS_ACTIONS = [
  "s3:PutObject",
  "s3:ReplicateObject",
  "sqs:SendMessage",
  "sns:Publish",
  "kinesis:PutRecord",
  "kinesis:PutRecords",
  "firehose:PutRecord",
  "firehose:PutRecordBatch",
  "lambda:InvokeFunction",
  "events:PutEvents",
  "dynamodb:PutItem",
  "es:ESHttpPost",
  "es:ESHttpPut",
  "kafka-cluster:WriteData",
  "states:StartExecution",
  "sts:AssumeRole",
];
/**
 * IAM actions that only read (AWS's List and Read access levels by their verb): on `*` they may bring data
 * in, never send it. Case-sensitive on purpose: an action spelled otherwise is judged as a write (fail closed).
 * Every other action on `*` (or a wildcard region or account) is a write that may land in another account's
 * resource (`execute-api:Invoke`, `dynamodb:BatchWriteItem`), unless listed in `CONTROL_ON_ANY`.
 */
export const READ_ACTION = /^[A-Za-z0-9-]+:(?:Get|List|Describe|Head|BatchGet|Search|Lookup|View)(?=[A-Z*]|$)/;
/** Actions AWS authorizes only on `*` that act in the caller's own account and carry no data to another (VPC networking of a function, own metrics and traces, decrypting). */
export const CONTROL_ON_ANY = [
  "ec2:CreateNetworkInterface",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
  "cloudwatch:PutMetricData",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "kms:Decrypt",
];
/**
 * What central may do on `*`. Central shares its account and AWS region with a region (data-us), so `*`
 * reaches that region's clusters, databases and functions whatever the verb (a read verb such as
 * `elasticmapreduce:GetClusterSessionCredentials` hands out access): only the account-level calls MWAA
 * makes (none accepts a resource ARN) and the own-account control actions, spelled out exactly.
 */
export const CENTRAL_ON_ANY = ["logs:DescribeLogGroups", "cloudwatch:PutMetricData", "s3:GetAccountPublicAccessBlock", "sts:GetCallerIdentity", "ecr:GetAuthorizationToken", ...CONTROL_ON_ANY.filter((a) => !a.startsWith("kms:"))];
export const ENDPOINT_POLICY_TYPES = new Set(["aws_vpc_endpoint", "aws_vpc_endpoint_policy"]);
/** Where a URL is a download of code (Kafka Connect plugin artifacts), not a destination of data. */
export const DOWNLOAD_PATH = /(?:^|\.)artifacts\.url$/;
/** Keys whose values name code or schema, not places: container images (pulled, read-only) and Kubernetes API groups. */
export const NOT_A_PLACE_KEYS = new Set(["image", "apiVersion", "api_version", "apiGroup", "apiGroups"]);
/** Kubernetes API groups (`rbac.authorization.k8s.io`, `kafka.strimzi.io`): schema names, also inside label keys and RBAC rules. */
export const API_GROUP = /(?:^|\.)(?:k8s\.io|kubernetes\.io|strimzi\.io|x-k8s\.io)$/i;
/** Dynamic Step Functions fields that carry payload, not places (`Payload.$`, `Input.$`, `MessageBody.$`...). */
export const DYNAMIC_NEUTRAL = /^(?:Payload|Input|MessageBody|Message|Item|Entries|Detail|Body|Parameters|ResultSelector|Comment|Key|Condition|Variable)\.\$$/;
/** Where a bucket policy lives (the ELB log-delivery account is judged only there). */
export const BUCKET_POLICY_TYPES = new Set(["aws_s3_bucket_policy", "aws_s3_bucket"]);
export const DATA_POLICY_TYPES = new Set(["aws_s3_bucket_policy", "aws_s3_bucket", "aws_secretsmanager_secret_policy", "aws_dynamodb_resource_policy", "aws_opensearch_domain_policy", "aws_s3_access_point"]);
/**
 * An init container fetching a build artifact from a public artifact repository (a GET of a released
 * jar/tarball, no query string) brings code in and sends no data out: a download, not a destination.
 * Narrow on purpose: only these repositories, only artifact paths, only in initContainers.
 */
export const ARTIFACT_DOWNLOAD = /^https:\/\/(?:repo1\.maven\.org\/maven2|repo\.maven\.apache\.org\/maven2|packages\.confluent\.io\/maven)\/[A-Za-z0-9._\/-]+\.(?:jar|pom|tar\.gz|tgz|zip)$/;
export const INERT = new Set(["aws_s3_object.content", "aws_s3_object.content_base64"]);
/**
 * Attributes that run a resource's processing outside its AWS region's data centres: an Outpost rack (on
 * premises, anywhere), EKS hybrid nodes (remote node and pod networks). Where that is cannot be proven.
 */
export const OFF_REGION_KEYS = ["outpost_arn", "outpost_arns", "outpost_config", "remote_network_config"];
/**
 * Keys whose value names no place (sizes, counts, durations, switches, the resource's own `name`): a whole
 * variable may set them. `name` only as the whole key: `bucket_name`, `s3_bucket_name`, `log_group_name`,
 * `stream_name` and the like name where data goes.
 */
export const INERT_VARIABLE_KEY = /^(?:(?:.*[._-])?(?:size|size_gb|count|capacity|memory|cpu|timeout|days|retention|retention_in_days|retention_period|version|enabled|instance_type|instance_class|min_size|max_size|desired_size|replicas|port)|name)$/i;
/** Keys through which a Kubernetes workload reads a ConfigMap (manifests and typed resources). */
export const CONFIG_MAP_KEYS = ["configMapKeyRef", "configMapRef", "config_map_key_ref", "config_map_ref", "configMap", "config_map"];
/** Keys through which a Kubernetes workload reads a Secret (by `name`, or `secretName` in a volume): held to the same rule. */
export const SECRET_KEYS = ["secretKeyRef", "secretRef", "secret_key_ref", "secret_ref", "secret"];
/** Worker binding types that carry configuration only (the workspace map, the routing table, secrets). */
export const EDGE_BINDINGS = new Set(["kv_namespace", "json", "plain_text", "secret_text", "version_metadata"]);
/** FireLens outputs that stay in AWS (the region's own services), and outputs that go only where their Host says. */
export const FIRELENS_AWS_OUTPUTS = new Set(["cloudwatch", "cloudwatch_logs", "kinesis_firehose", "firehose", "kinesis_streams", "kinesis", "s3", "null", "stdout", "counter"]);
export const FIRELENS_HOST_OUTPUTS = new Set(["es", "opensearch", "http", "forward", "tcp", "syslog", "loki", "kafka", "splunk", "gelf", "influxdb", "nats", "prometheus_remote_write", "opentelemetry"]);
/** Environment variables that switch a vendor agent on; its default endpoint is the vendor's (Datadog's US1, New Relic's US). */
export const VENDOR_AGENT_ENV = /^(?:DD_API_KEY|DD_API_KEY_SECRET_ARN|DATADOG_API_KEY|NEW_RELIC_LICENSE_KEY|NEWRELIC_LICENSE_KEY|NEW_RELIC_API_KEY|HONEYCOMB_API_KEY|HONEYCOMB_WRITEKEY|LOGDNA_KEY|LOGDNA_INGESTION_KEY|MEZMO_KEY|SUMOLOGIC_ACCESSKEY|DT_API_TOKEN|LOGZIO_TOKEN|CORALOGIX_PRIVATE_KEY|SPLUNK_ACCESS_TOKEN|LIGHTSTEP_ACCESS_TOKEN|GRAFANA_CLOUD_API_KEY|SENTRY_DSN|ROLLBAR_ACCESS_TOKEN|BUGSNAG_API_KEY|TS_AUTHKEY|TAILSCALE_AUTHKEY|TUNNEL_TOKEN|NGROK_AUTHTOKEN)$/;
/** Overlay networks and tunnels whose relays and control plane are the vendor's: traffic leaves through them with no host to read. */
export const TUNNEL_COMMAND = /\b(?:tailscale\s+up|cloudflared\s+(?:tunnel|access)|ngrok\s+(?:http|tcp|tls|start|tunnel)|zerotier-cli\s+join)\b/;
/**
 * OpenTelemetry Collector exporters that deliver to AWS, or to an endpoint the configuration names (judged as
 * a host). A vendor exporter (`datadog`, `newrelic`, `dynatrace`...) delivers to its vendor's default site.
 */
export const OTEL_EXPORTERS = new Set(["awsemf", "awsxray", "awscloudwatchlogs", "awss3", "awskinesis", "otlp", "otlphttp", "prometheusremotewrite", "prometheus", "kafka", "loadbalancing", "debug", "logging", "file", "nop"]);
/**
 * EKS add-ons AWS publishes (amazon-*, aws-*, the cluster's own networking and agents) and community add-ons
 * that run inside the cluster. Marketplace add-ons of vendors (`datadog_operator`, `dynatrace_*`) ship their agents' data home.
 */
export const EKS_ADDONS = /^(?:amazon-|aws-)[a-z0-9-]+$|^(?:vpc-cni|coredns|kube-proxy|eks-pod-identity-agent|eks-node-monitoring-agent|snapshot-controller|adot|metrics-server|kube-state-metrics|prometheus-node-exporter|cert-manager|external-dns)$/;
/** Attributes that share a store with other accounts (their accounts are read as accounts; `all` is everyone). */
export const SHARE_KEY = /^(?:shared_accounts|target_accounts|account_ids|user_ids|group_names)$/;
/**
 * The same sharing as API parameters, where an orchestration calls the API itself (a Step Functions
 * `aws-sdk:rds:modifyDBSnapshotAttribute`, an SSM Automation `aws:executeAwsApi`): `all` makes a snapshot,
 * image or document public at run time.
 */
export const SHARE_PARAMETER = /^(?:ValuesToAdd|UserIds|GroupNames|Group|AccountIds|UserIdsToAdd|AccountIdsToAdd)$/;
/** S3 ACL groups: log delivery is AWS's own; AllUsers and AuthenticatedUsers are everyone. */
export const LOG_DELIVERY_GROUP = "http://acs.amazonaws.com/groups/s3/LogDelivery";
/** Attributes that are what a resource holds, not where it is (a destination referencing one is its content). */
export const CONTENT_ATTRS = new Set(["secret_string", "secret_binary", "value", "insecure_value", "content", "content_base64", "body", "data", "result", "plaintext", "ciphertext_blob", "source_code_hash"]);
/** Route targets (aws_route, inline `route` blocks): every one must be a resource of this stack. */
export const ROUTE_TARGET_KEYS = [
  "vpc_peering_connection_id",
  "transit_gateway_id",
  "carrier_gateway_id",
  "core_network_arn",
  "vpc_endpoint_id",
  "gateway_id",
  "nat_gateway_id",
  "egress_only_gateway_id",
  "local_gateway_id",
  "network_interface_id",
  "instance_id",
];
/** Attributes that attach a network to another one (peering, transit gateways, VPN), wherever they appear. */
export const PEERING_KEYS = ["vpc_peering_connection_id", "peer_vpc_id", "transit_gateway_id", "transit_gateway_attachment_id", "peer_transit_gateway_id", "core_network_id", "core_network_arn", "customer_gateway_id", "vpn_gateway_id", "local_gateway_id", "carrier_gateway_id"];
/** The Kafka Connect REST API: its default port, or a URL (or `$VAR`) path under `/connectors`. */
export const CONNECT_REST = /:8083(?!\d)|(?:https?:\/\/[^\s"']*|\$\{?[A-Za-z_]+\}?)\/connectors(?![\w-])/;
/** A request that sends a body or changes state (curl, wget, httpie, scripts). */
export const HTTP_WRITE = /(?:-X\s*|--request[\s=]+|method\W{0,3})(?:POST|PUT|PATCH)\b|(?:^|\s)(?:-d|--data(?:-raw|-binary|-urlencode)?|--json|-T|--upload-file|--post-data|--post-file|-F|--form)(?:[\s=@'"{]|$)|\b(?:POST|PUT|PATCH)\s+\S*(?:https?:|\/connectors)|\.(?:post|put|patch)\s*\(/i;
/** A fully qualified Kafka Connect connector class (`io.confluent.connect.s3.S3SinkConnector`). */
export const CONNECTOR_FQCN = /(?<![\w$.])((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*Connector)(?![\w$])/g;
/** `connector.class` given in properties or JSON text (also a short alias such as `S3Sink`). */
export const CONNECTOR_CLASS_KEY = /connector\.class["']?\s*[:=]\s*["']?([\w.$-]+)/g;
