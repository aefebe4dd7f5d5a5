import { describe, expect, it } from "vitest";
import { routingTable } from "../../regions/routing.js";
import { manifestOf, manifestWithRegion, NEW_REGION_YAML, policyOf, resourceAt, synthCentral } from "../helpers.js";

const manifest = manifestOf();
const central = synthCentral(manifest);

describe("CentralStack", () => {
  it("lives in the central home region and account, with its state there", () => {
    expect(central.json.provider.aws).toEqual([expect.objectContaining({ region: "us-west-2", allowed_account_ids: ["111111111111"] })]);
    expect(central.json.terraform.backend.s3).toMatchObject({ bucket: "rk-tfstate-111111111111-us-west-2", key: "central/terraform.tfstate", region: "us-west-2" });
  });

  it("is tagged as holding no customer data", () => {
    expect(central.json.provider.aws[0].default_tags[0].tags).toMatchObject({ "regionkit:data-class": "no-customer-data", "regionkit:region": "central" });
  });

  it("needs only the AWS provider, so npm run validate plans it offline", () => {
    expect(Object.keys(central.json.terraform.required_providers)).toEqual(["aws"]);
  });

  it("uses no data source and no remote state", () => {
    expect(central.json.data ?? {}).toEqual({});
  });

  it("publishes the routing table as JSON in the config bucket, encrypted with the central key", () => {
    const object = resourceAt(central, "aws_s3_object", "RoutingTable/Resource").body;
    expect(object).toMatchObject({
      bucket: resourceAt(central, "aws_s3_bucket", "ConfigBucket/Resource").ref("id"),
      key: "routing/regions.json",
      content_type: "application/json",
      server_side_encryption: "aws:kms",
      kms_key_id: resourceAt(central, "aws_kms_key", "Key/Resource").ref("arn"),
    });
    expect(JSON.parse(object.content).regions.map((r: { id: string }) => r.id)).toEqual(["us", "eu", "jp", "kr"]);
  });

  it("adds exactly the new region's routing entry when a region is added", () => {
    const before = JSON.parse(resourceAt(central, "aws_s3_object", "RoutingTable/Resource").body.content);
    const grown = synthCentral(manifestWithRegion(NEW_REGION_YAML));
    const after = JSON.parse(resourceAt(grown, "aws_s3_object", "RoutingTable/Resource").body.content);
    expect(after.regions.slice(0, -1)).toEqual(before.regions);
    expect(after.regions.at(-1)).toEqual(routingTable(manifestWithRegion(NEW_REGION_YAML)).regions.at(-1));
    expect(after.regions.at(-1).id).toBe("ch");
  });

  it("adds no resource when a region is added, only changes content and the orchestrator policy", () => {
    const grown = synthCentral(manifestWithRegion(NEW_REGION_YAML));
    const names = (s: typeof central) =>
      Object.entries(s.json.resource)
        .flatMap(([type, rs]) => Object.keys(rs as object).map((n) => `${type}.${n}`))
        .sort();
    expect(names(grown)).toEqual(names(central));
  });

  it("keeps the config bucket private, versioned, TLS-only and access-logged, encrypted with the central key", () => {
    expect(resourceAt(central, "aws_s3_bucket", "ConfigBucket/Resource").body).toMatchObject({
      bucket: "rk-central-config-111111111111",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceAt(central, "aws_s3_bucket_public_access_block", "ConfigBucket/PublicAccessBlock").body).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceAt(central, "aws_s3_bucket_versioning", "ConfigBucket/Versioning").body.versioning_configuration).toEqual({ status: "Enabled" });
    const sse = resourceAt(central, "aws_s3_bucket_server_side_encryption_configuration", "ConfigBucket/Encryption").body.rule[0];
    expect(sse.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: resourceAt(central, "aws_kms_key", "Key/Resource").ref("arn"),
    });
    expect(resourceAt(central, "aws_s3_bucket_logging", "ConfigBucket/AccessLogs").body.target_bucket).toBe(
      resourceAt(central, "aws_s3_bucket", "AccessLogBucket/Resource").ref("id")
    );
    expect(policyOf(resourceAt(central, "aws_s3_bucket_policy", "ConfigBucket/Policy").body.policy).Statement[0]).toMatchObject({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": false } },
    });
  });

  it("lets S3 log delivery write the access-log bucket for this account only", () => {
    const statements = policyOf(resourceAt(central, "aws_s3_bucket_policy", "AccessLogBucket/Policy").body.policy).Statement;
    const configBucketArn = resourceAt(central, "aws_s3_bucket", "ConfigBucket/Resource").ref("arn");
    expect(statements.find((s) => s.Principal?.Service === "logging.s3.amazonaws.com")).toMatchObject({
      Action: "s3:PutObject",
      Condition: { StringEquals: { "aws:SourceAccount": "111111111111" }, ArnLike: { "aws:SourceArn": configBucketArn } },
    });
  });

  it("lets CloudWatch Logs use the central key only for this account's log groups in the home region", () => {
    const statements = policyOf(resourceAt(central, "aws_kms_key", "Key/Resource").body.policy).Statement;
    expect(statements.find((s) => s.Sid === "CentralCloudWatchLogs")).toMatchObject({
      Principal: { Service: "logs.us-west-2.amazonaws.com" },
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-west-2:111111111111:*" } },
    });
  });

  it("holds no resource type that stores or streams customer data", () => {
    const customerDataTypes = /^aws_(db_|rds_|msk_|opensearch|elasticsearch|emr_|eks_|kinesis|glue_|redshift|elasticache|efs_|docdb|neptune|timestream)/;
    expect(Object.keys(central.json.resource).filter((type) => customerDataTypes.test(type))).toEqual([]);
  });

  it("names regional lake buckets only in the routing table objects", () => {
    const { aws_s3_object: _objects, ...rest } = central.json.resource;
    const text = JSON.stringify(rest);
    for (const region of manifest.regions) expect(text).not.toContain(`rk-${region.id}-lake-`);
  });

  it("outputs what other stacks and operators need: execution role, routing table location, mapping table", () => {
    expect(central.json.output).toEqual({
      orchestrator_execution_role_arn: { value: resourceAt(central, "aws_iam_role", "Orchestrator/ExecutionRole").ref("arn") },
      routing_table_uri: { value: "s3://rk-central-config-111111111111/routing/regions.json" },
      workspace_region_table: { value: "rk-central-workspace-regions" },
    });
  });

  it("pins the addresses of its stateful resources", () => {
    const stateful = ["aws_kms_key", "aws_s3_bucket", "aws_dynamodb_table", "aws_mwaa_environment"].flatMap((type) =>
      Object.keys(central.resources(type)).map((n) => `${type}.${n}`)
    );
    expect(stateful.sort()).toEqual([
      "aws_dynamodb_table.WorkspaceRegions_550EE53C",
      "aws_kms_key.Key_961B73FD",
      "aws_mwaa_environment.Orchestrator_6EF1216F",
      "aws_s3_bucket.AccessLogBucket_DA470295",
      "aws_s3_bucket.ConfigBucket_2112C5EC",
    ]);
  });

  it("matches the snapshot", () => {
    expect(central.text).toMatchSnapshot();
  });
});
