import { describe, expect, it } from "vitest";
import { EMR_LOG_PREFIX, HUDI_WRITE_DEFAULTS, KAFKA_JARS, SparkCluster, sparkJobSpecs, TLS_CERTIFICATES_KEY } from "../../../constructs/spark/index.js";
import { EMR_CLUSTER_TAG, regionResolver, SPARK_JOBS } from "../../../regions/resolvers.js";
import { addressOf, manifestOf, manifestWithRegion, policyOf, regionalStack, synthesize, synthRegion } from "../../helpers.js";

const manifest = manifestOf();
const names = regionResolver(manifest, "eu");
const eu = synthRegion("eu", manifest);
const cluster = eu.only("aws_emr_cluster");
const securityConfig = JSON.parse(eu.only("aws_emr_security_configuration").configuration);

const addr = addressOf;
const attr = (type: string, prefix: string, attribute: string) => `\${${addr(eu, type, prefix)}.${attribute}}`;
const resource = (type: string, prefix: string) => eu.resources(type)[addr(eu, type, prefix).split(".")[1]!]!;
const rolePolicy = (prefix: string) => policyOf(resource("aws_iam_role_policy", prefix).policy);
/** ARN reference of a lake bucket, found by its physical name. */
const bucketArn = (zone: "raw" | "lake" | "sanitized" | "logs") => {
  const [name] = Object.entries(eu.resources("aws_s3_bucket")).find(([, b]) => b.bucket === names.lakeBucket(zone))!;
  return `\${aws_s3_bucket.${name}.arn}`;
};
const keyArn = (domain: string) => attr("aws_kms_key", `Keys_${domain}_`, "arn");
const jobRoleId = { "cdc-ingest": "CdcIngestJob", "search-reindex": "SearchReindexJob", embeddings: "EmbeddingsJob", sanitize: "SanitizeJob" } as const;

describe("SparkCluster", () => {
  it("is named by the resolver and tagged with its name for the orchestrator's step permission", () => {
    expect(cluster.name).toBe(names.emrClusterName);
    expect(cluster.tags[EMR_CLUSTER_TAG]).toBe(names.emrClusterName);
  });

  it("keeps its Terraform address (renaming a construct id would replace the cluster)", () => {
    expect(Object.keys(eu.resources("aws_emr_cluster"))).toEqual(["Spark_184A4B5E"]);
  });

  it("sizes the cluster from the manifest spark block", () => {
    const xx = synthRegion(
      "xx",
      manifestWithRegion(
        "  - id: xx\n    jurisdiction: EU\n    awsRegion: eu-north-1\n    cidr: 10.90.0.0/16\n    spark:\n      releaseLabel: emr-7.2.0\n      primaryInstanceType: m7g.2xlarge\n      coreInstanceType: r7g.4xlarge\n      coreInstanceCount: 5\n",
      ),
    ).only("aws_emr_cluster");
    expect(xx.release_label).toBe("emr-7.2.0");
    expect(xx.master_instance_group).toMatchObject({ instance_type: "m7g.2xlarge", instance_count: 1 });
    expect(xx.core_instance_group).toMatchObject({ instance_type: "r7g.4xlarge", instance_count: 5 });
  });

  it("runs Spark (with the Hudi bundled on EMR)", () => {
    expect(cluster.applications).toContain("Spark");
  });

  it("runs in a private app subnet with EMR-managed security groups including service access", () => {
    expect(cluster.ec2_attributes.subnet_id).toBe(attr("aws_subnet", "Network_AppSubnet1_", "id"));
    expect(cluster.ec2_attributes).toMatchObject({
      emr_managed_master_security_group: attr("aws_security_group", "Spark_PrimarySecurityGroup", "id"),
      emr_managed_slave_security_group: attr("aws_security_group", "Spark_CoreSecurityGroup", "id"),
      service_access_security_group: attr("aws_security_group", "Spark_ServiceAccessSecurityGroup", "id"),
    });
    expect(resource("aws_subnet", "Network_AppSubnet1_").map_public_ip_on_launch).toBe(false);
  });

  it("tags its subnet and security groups for the scoped EMR service policy, and lets EMR own their rules", () => {
    expect(resource("aws_subnet", "Network_AppSubnet1_").tags["for-use-with-amazon-emr-managed-policies"]).toBe("true");
    for (const group of ["Spark_PrimarySecurityGroup", "Spark_CoreSecurityGroup", "Spark_ServiceAccessSecurityGroup"]) {
      const sg = resource("aws_security_group", group);
      expect(sg.tags["for-use-with-amazon-emr-managed-policies"]).toBe("true");
      expect(sg.revoke_rules_on_delete).toBe(true);
      expect(sg.lifecycle.ignore_changes).toEqual(["ingress", "egress"]);
      expect(sg.ingress ?? []).toEqual([]);
    }
  });

  it("keeps running and cannot be terminated by accident", () => {
    expect(cluster.termination_protection).toBe(true);
    expect(cluster.keep_job_flow_alive_when_no_steps).toBe(true);
  });

  it("logs into this region's logs bucket, encrypted with the logs key", () => {
    expect(cluster.log_uri).toBe(`s3://${names.lakeBucket("logs")}/${EMR_LOG_PREFIX}`);
    expect(cluster.log_encryption_kms_key_id).toBe(keyArn("Logs"));
  });

  it("uses the security configuration", () => {
    expect(cluster.security_configuration).toBe(attr("aws_emr_security_configuration", "Spark_SecurityConfiguration", "name"));
  });

  it("encrypts S3 data with SSE-KMS and the lake key", () => {
    expect(securityConfig.EncryptionConfiguration.EnableAtRestEncryption).toBe(true);
    expect(securityConfig.EncryptionConfiguration.AtRestEncryptionConfiguration.S3EncryptionConfiguration).toEqual({ EncryptionMode: "SSE-KMS", AwsKmsKey: keyArn("Lake") });
  });

  it("encrypts local disks and EBS volumes with the compute key", () => {
    expect(securityConfig.EncryptionConfiguration.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration).toEqual({
      EncryptionKeyProviderType: "AwsKms",
      AwsKmsKey: keyArn("Compute"),
      EnableEbsEncryption: true,
    });
  });

  it("encrypts traffic in transit with PEM certificates from this region's artifacts bucket", () => {
    expect(securityConfig.EncryptionConfiguration.EnableInTransitEncryption).toBe(true);
    expect(securityConfig.EncryptionConfiguration.InTransitEncryptionConfiguration.TLSCertificateConfiguration).toEqual({
      CertificateProviderType: "PEM",
      S3Object: `s3://${names.sparkArtifactsBucket}/${TLS_CERTIFICATES_KEY}`,
    });
  });

  it("requires IMDSv2 and runs steps as per-job runtime roles", () => {
    expect(securityConfig.InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion).toBe(2);
    expect(securityConfig.AuthorizationConfiguration.IAMConfiguration.EnableApplicationScopedIAMRole).toBe(true);
  });

  it("blocks public security group rules with no exempt port", () => {
    const bpa = eu.only("aws_emr_block_public_access_configuration");
    expect(bpa.block_public_security_group_rules).toBe(true);
    expect(bpa.permitted_public_security_group_rule_range ?? []).toEqual([]);
  });

  it("keeps the artifacts bucket encrypted with the compute key, its access logs in the logs bucket", () => {
    const sse = Object.entries(eu.resources("aws_s3_bucket_server_side_encryption_configuration")).find(([n]) => n.startsWith("Spark_Artifacts_"))![1];
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: keyArn("Compute") });
    const logging = Object.entries(eu.resources("aws_s3_bucket_logging")).find(([n]) => n.startsWith("Spark_Artifacts_"))![1];
    expect(logging.target_bucket).toBe(attr("aws_s3_bucket", "DataLake_Logs_", "id"));
  });

  it("lets S3 deliver only the artifacts bucket's access logs, under its own prefix of the logs bucket", () => {
    const [name] = Object.entries(eu.resources("aws_s3_bucket")).find(([, b]) => b.bucket === names.lakeBucket("logs"))!;
    const policy = Object.entries(eu.resources("aws_s3_bucket_policy")).find(([, p]) => p.bucket === `\${aws_s3_bucket.${name}.id}`)![1];
    const statement = policyOf(policy.policy).Statement.find((s) => s.Condition?.ArnLike?.["aws:SourceArn"] === attr("aws_s3_bucket", "Spark_Artifacts_", "arn"))!;
    expect(statement).toEqual({
      Sid: expect.stringMatching(/^S3ServerAccessLogs\d+$/),
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn("logs")}/s3-access/spark-artifacts/*`,
      Condition: { StringEquals: { "aws:SourceAccount": "222222222222" }, ArnLike: { "aws:SourceArn": attr("aws_s3_bucket", "Spark_Artifacts_", "arn") } },
    });
  });

  it("lets the instance role read and write only this region's lake buckets, and write cluster logs", () => {
    const statements = rolePolicy("Spark_InstanceRolePolicy").Statement;
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    const data = (["raw", "lake", "sanitized"] as const).map(bucketArn);
    expect(bySid.ListLake!.Resource).toEqual(data);
    expect(bySid.ReadWriteLake!.Resource).toEqual(data.map((a) => `${a}/*`));
    expect(bySid.WriteClusterLogs).toMatchObject({ Action: ["s3:PutObject"], Resource: `${bucketArn("logs")}/${EMR_LOG_PREFIX}*` });
    expect(bySid.UseLakeKey!.Resource).toBe(keyArn("Lake"));
    const s3Resources = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("s3:"))).flatMap((s) => [s.Resource].flat());
    const allowed = [...data, bucketArn("logs"), attr("aws_s3_bucket", "Spark_Artifacts_", "arn")];
    for (const r of s3Resources) expect(allowed.some((a) => r === a || r.startsWith(`${a}/`))).toBe(true);
  });

  it("lets the instance role assume exactly the four job runtime roles", () => {
    const assume = rolePolicy("Spark_InstanceRolePolicy").Statement.find((s) => s.Sid === "AssumeJobRuntimeRoles")!;
    expect(assume.Resource).toEqual(SPARK_JOBS.map((job) => attr("aws_iam_role", `Spark_${jobRoleId[job]}_`, "arn")));
  });

  it("names each runtime role by the resolver and trusts only the instance role", () => {
    for (const job of SPARK_JOBS) {
      const role = resource("aws_iam_role", `Spark_${jobRoleId[job]}_`);
      expect(role.name).toBe(names.sparkJobRoleName(job));
      const trust = policyOf(role.assume_role_policy).Statement;
      expect(trust).toEqual([expect.objectContaining({ Effect: "Allow", Principal: { AWS: attr("aws_iam_role", "Spark_InstanceRole_", "arn") } })]);
    }
  });

  it("gives the sanitize job read on lake tables and write on the sanitized export only", () => {
    const statements = rolePolicy("Spark_SanitizeJobPolicy").Statement;
    expect(statements.find((s) => s.Sid === "WriteObjects")!.Resource).toEqual([`${bucketArn("sanitized")}/export/*`]);
    expect(statements.find((s) => s.Sid === "ReadObjects")!.Resource).toContain(`${bucketArn("lake")}/tables/*`);
    expect(JSON.stringify(statements)).not.toContain("kafka");
  });

  it("hands Hudi its write options through the hudi-defaults classification, where Hudi reads them", () => {
    const configurations = JSON.parse(cluster.configurations_json) as Array<{ Classification: string; Properties: Record<string, string> }>;
    expect(configurations.find((c) => c.Classification === "hudi-defaults")?.Properties).toEqual(HUDI_WRITE_DEFAULTS);
  });

  it("runs several steps at once, so a streaming run and a daily batch do not queue behind each other", () => {
    expect(cluster.step_concurrency_level).toBeGreaterThanOrEqual(4);
  });

  it.each(["cdc-ingest", "embeddings"] as const)("lets the %s job read the Kafka jars in the artifacts bucket", (job) => {
    const read = rolePolicy(`Spark_${jobRoleId[job]}Policy`).Statement.find((s) => s.Sid === "ReadObjects")!.Resource as string[];
    expect(read).toContain(`${attr("aws_s3_bucket", "Spark_Artifacts_", "arn")}/jars/kafka/*`);
    expect(JSON.parse(resource("aws_ssm_parameter", `Spark_${jobRoleId[job]}Spec`).value).sparkConf["spark.jars"]).toContain(KAFKA_JARS[0]);
  });

  it("lets the cdc-ingest job, and no other, read the shard map", () => {
    const read = rolePolicy("Spark_CdcIngestJobPolicy").Statement.find((s) => s.Sid === "ReadShardMap")!;
    expect(read.Resource).toEqual([
      `arn:aws:ssm:eu-central-1:222222222222:parameter${names.shardMapParameter}`,
      `arn:aws:ssm:eu-central-1:222222222222:parameter${names.shardMapParameter}/*`,
    ]);
    for (const job of ["search-reindex", "embeddings", "sanitize"] as const) expect(JSON.stringify(rolePolicy(`Spark_${jobRoleId[job]}Policy`))).not.toContain("ssm:");
  });

  it("gives the embeddings job its topics on this region's MSK cluster only", () => {
    const statements = rolePolicy("Spark_EmbeddingsJobPolicy").Statement;
    const topics = statements.find((s) => s.Sid === "ReadTopics")!.Resource as string[];
    expect(topics.length).toBeGreaterThan(0);
    const clusterUuid = attr("aws_msk_cluster", "Kafka_", "cluster_uuid").replace(/[${}.]/g, "\\$&");
    for (const t of topics) expect(t).toMatch(new RegExp(`^arn:aws:kafka:eu-central-1:222222222222:topic/${names.mskClusterName}/${clusterUuid}/eu\\.cdc\\.`));
  });

  it("makes the embeddings job role the only writer of the vector store (the other rule is its reader role)", () => {
    const [writers, readers] = JSON.parse(eu.only("aws_opensearchserverless_access_policy").policy);
    expect(writers.Principal).toEqual([attr("aws_iam_role", "Spark_EmbeddingsJob_", "arn")]);
    expect(readers.Principal).toEqual([attr("aws_iam_role", "Vectors_ReaderRole_", "arn")]);
  });

  it("lets the search-reindex job, and no other job, write to the search domain", () => {
    const principals = policyOf(eu.only("aws_opensearch_domain").access_policies).Statement.flatMap((s) => [s.Principal.AWS].flat());
    expect(principals).toContain(attr("aws_iam_role", "Spark_SearchReindexJob_", "arn"));
    for (const job of ["cdc-ingest", "embeddings", "sanitize"] as const) expect(principals).not.toContain(attr("aws_iam_role", `Spark_${jobRoleId[job]}_`, "arn"));
  });

  it("lets the EMR service role pass only the instance role, to EC2", () => {
    const pass = rolePolicy("Spark_ServiceRolePolicy").Statement.find((s) => s.Sid === "PassInstanceRole")!;
    expect(pass).toMatchObject({ Action: "iam:PassRole", Resource: attr("aws_iam_role", "Spark_InstanceRole_", "arn"), Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } });
    expect(policyOf(resource("aws_iam_role", "Spark_ServiceRole_").assume_role_policy).Statement[0]).toMatchObject({
      Principal: { Service: "elasticmapreduce.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
    });
  });

  it("publishes each job's resolved spec in-region under the resolver's parameter name", () => {
    const endpoints = {
      search: attr("aws_opensearch_domain", "Search_", "endpoint"),
      vector: attr("aws_opensearchserverless_collection", "Vectors_", "collection_endpoint"),
      kafkaBootstrap: attr("aws_msk_cluster", "Kafka_", "bootstrap_brokers_sasl_iam"),
    };
    const expected = sparkJobSpecs(names, endpoints);
    const params = Object.values(eu.resources("aws_ssm_parameter"));
    for (const job of SPARK_JOBS) {
      const param = params.find((p) => p.name === names.jobSpecParameter(job))!;
      expect(param.type).toBe("String");
      expect(JSON.parse(param.value)).toEqual(JSON.parse(JSON.stringify(expected[job])));
      expect(Buffer.byteLength(param.value)).toBeLessThan(4096);
    }
  });

  it("uses the Kafka construct's exact topic and group ARNs and broker list when it is passed", () => {
    const stack = regionalStack(manifest, "eu");
    const arn = (kind: string, rest: string) => `arn:aws:kafka:eu-central-1:222222222222:${kind}/rk-eu-kafka/uuid-1${rest}`;
    new SparkCluster(stack, "TestSpark", {
      names: stack.names,
      keys: stack.keys,
      network: stack.network,
      lake: stack.lake,
      search: stack.search,
      vector: stack.vector,
      kafka: { bootstrapBrokersIam: "b-1.example:9098", clusterArn: arn("cluster", ""), topicArn: (t) => arn("topic", `/${t}`), groupArn: (g) => arn("group", `/${g}`) },
    });
    const s = synthesize(stack);
    const policy = Object.entries(s.resources("aws_iam_role_policy")).find(([n]) => n.startsWith("TestSpark_EmbeddingsJobPolicy"))![1];
    const bySid = Object.fromEntries(policyOf(policy.policy).Statement.map((st) => [st.Sid, st]));
    expect(bySid.ConnectToRegionalKafka!.Resource).toBe(arn("cluster", ""));
    expect(bySid.ReadTopics!.Resource).toEqual(["block", "comment"].map((t) => arn("topic", `/eu.cdc.${t}`)));
    expect(bySid.OwnConsumerGroup!.Resource).toBe(arn("group", "/rk-eu-embeddings"));
    const param = Object.entries(s.resources("aws_ssm_parameter")).find(([n]) => n.startsWith("TestSpark_EmbeddingsJobSpec"))![1];
    const args: string[] = JSON.parse(param.value).args;
    expect(args[args.indexOf("--kafka-bootstrap") + 1]).toBe("b-1.example:9098");
  });

  it("names this region's MSK cluster by resolver name when no Kafka construct is passed", () => {
    const stack = regionalStack(manifest, "eu");
    new SparkCluster(stack, "TestSpark", { names: stack.names, keys: stack.keys, network: stack.network, lake: stack.lake, search: stack.search, vector: stack.vector });
    const policy = Object.entries(synthesize(stack).resources("aws_iam_role_policy")).find(([n]) => n.startsWith("TestSpark_CdcIngestJobPolicy"))![1];
    const bySid = Object.fromEntries(policyOf(policy.policy).Statement.map((st) => [st.Sid, st]));
    expect(bySid.ConnectToRegionalKafka!.Resource).toBe(`arn:aws:kafka:eu-central-1:222222222222:cluster/${names.mskClusterName}/*`);
    expect(bySid.OwnConsumerGroup!.Resource).toBe(`arn:aws:kafka:eu-central-1:222222222222:group/${names.mskClusterName}/*/rk-eu-cdc-ingest`);
  });
});
