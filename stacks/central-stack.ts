import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { CentralNetwork, ConfigObject, Orchestrator, WorkspaceRegionTable } from "../constructs/central/index.js";
import { policyDocument } from "../constructs/iam/policy.js";
import { RegionalKey } from "../constructs/keys/index.js";
import { SecureBucket } from "../constructs/secure-bucket/index.js";
import type { Manifest } from "../regions/manifest.js";
import { CentralResolver, RegionResolver } from "../regions/resolvers.js";
import { routingTableJson } from "../regions/routing.js";
import { KitStack } from "./kit-stack.js";

export interface CentralStackProps {
  readonly manifest: Manifest;
}

/**
 * `central`: the few shared resources that hold no customer data. It learns
 * about regions only through the resolvers (deterministic names), never
 * through another stack's state.
 */
export class CentralStack extends KitStack {
  readonly names: CentralResolver;
  readonly key: RegionalKey;
  readonly configBucket: SecureBucket;
  readonly accessLogBucket: SecureBucket;
  readonly workspaceRegions: WorkspaceRegionTable;
  readonly routingTable: ConfigObject;
  readonly network: CentralNetwork;
  readonly orchestrator: Orchestrator;

  constructor(scope: Construct, props: CentralStackProps) {
    const { manifest } = props;
    const { central } = manifest;
    const names = new CentralResolver(central);
    super(scope, names.stackName, {
      accountId: central.accountId,
      awsRegion: central.awsRegion,
      stateBucket: names.stateBucket,
      regionTag: "central",
      jurisdiction: "none",
      dataClass: "no-customer-data",
    });
    this.names = names;
    this.key = new RegionalKey(this, "Key", {
      aliasName: names.name("key", ["config"], "kmsAlias"),
      description: `regionkit central configuration (${central.awsRegion}); no customer data`,
      accountId: central.accountId,
      awsRegion: central.awsRegion,
      // CloudWatch Logs encrypts the orchestrator's and the flow logs' groups with the key itself.
      extraStatements: [
        {
          Sid: "CentralCloudWatchLogs",
          Effect: "Allow",
          Principal: { Service: `logs.${central.awsRegion}.amazonaws.com` },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${central.awsRegion}:${central.accountId}:*` } },
        },
      ],
    });
    // S3 cannot deliver server access logs to an SSE-KMS bucket.
    this.accessLogBucket = new SecureBucket(this, "AccessLogBucket", {
      bucketName: names.accessLogBucket,
      encryption: "S3_MANAGED",
      accessLogTarget: { accountId: central.accountId },
    });
    this.configBucket = new SecureBucket(this, "ConfigBucket", {
      bucketName: names.configBucket,
      encryption: this.key,
      accessLogs: { bucket: this.accessLogBucket, prefix: `${names.configBucket}/` },
    });

    this.workspaceRegions = new WorkspaceRegionTable(this, "WorkspaceRegions", { tableName: names.workspaceRegionTable, encryption: this.key });

    const routing = routingTableJson(manifest);
    this.routingTable = new ConfigObject(this, "RoutingTable", { bucket: this.configBucket, key: names.routingTableKey, content: routing });

    // The orchestrator calls EMR and SSM in every region's AWS region; only a NAT reaches those from a private subnet.
    this.network = new CentralNetwork(this, "Network", { names, logsKey: this.key, natEgress: true });
    this.orchestrator = new Orchestrator(this, "Orchestrator", {
      names,
      regions: manifest.regions.map((region) => new RegionResolver(region, central.namespace)),
      network: this.network,
      key: this.key,
      configBucket: this.configBucket,
      routingTableJson: routing,
      routingTableKey: names.routingTableKey,
    });

    // The example DAG's onboarding gate reads one workspace's entry at a time (regions/workspace-region.ts).
    new IamRolePolicy(this, "OrchestratorReadsWorkspaceRegions", {
      role: this.orchestrator.executionRole.id,
      name: "workspace-regions-read",
      policy: policyDocument([
        { Sid: "ReadWorkspaceRegionEntries", Effect: "Allow", Action: "dynamodb:GetItem", Resource: this.workspaceRegions.arn },
        {
          Sid: "DecryptWorkspaceRegionEntries",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: this.key.arn,
          Condition: { StringEquals: { "kms:ViaService": `dynamodb.${central.awsRegion}.amazonaws.com` } },
        },
      ]),
    });

    // What operators wire elsewhere: regions trust the execution role (TF_VAR_orchestrator_principal_arn in data-<id>).
    new TerraformOutput(this, "orchestrator_execution_role_arn", { value: this.orchestrator.executionRole.arn });
    new TerraformOutput(this, "routing_table_uri", { value: `s3://${names.configBucket}/${names.routingTableKey}` });
    new TerraformOutput(this, "workspace_region_table", { value: names.workspaceRegionTable });
  }
}
