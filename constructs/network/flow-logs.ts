import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Vpc } from "@cdktf/provider-aws/lib/vpc";
import type { Construct } from "constructs";
import { policyDocument, serviceTrustPolicy } from "../iam/policy.js";
import type { RegionalKey } from "../keys/regional-key.js";

export interface VpcFlowLogsOptions {
  readonly vpc: Vpc;
  /** CloudWatch log group name. */
  readonly logGroupName: string;
  /** Name of the role VPC Flow Logs assumes to write, from the naming helper. */
  readonly roleName: string;
  readonly accountId: string;
  /** Encrypts the log group. */
  readonly logsKey: RegionalKey;
  readonly retentionDays: number;
}

/**
 * All traffic of a VPC to an encrypted CloudWatch log group. Adds its resources
 * directly to `scope` (ids FlowLogGroup, FlowLogRole, FlowLogRolePolicy,
 * FlowLog), so each network keeps its Terraform addresses.
 */
export function addVpcFlowLogs(scope: Construct, opts: VpcFlowLogsOptions): CloudwatchLogGroup {
  const group = new CloudwatchLogGroup(scope, "FlowLogGroup", {
    name: opts.logGroupName,
    kmsKeyId: opts.logsKey.arn,
    retentionInDays: opts.retentionDays,
  });
  const role = new IamRole(scope, "FlowLogRole", {
    name: opts.roleName,
    assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", opts.accountId),
  });
  new IamRolePolicy(scope, "FlowLogRolePolicy", {
    role: role.id,
    name: "write-flow-logs",
    policy: policyDocument([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [group.arn, `${group.arn}:*`],
      },
    ]),
  });
  new FlowLog(scope, "FlowLog", {
    vpcId: opts.vpc.id,
    trafficType: "ALL",
    logDestinationType: "cloud-watch-logs",
    logDestination: group.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: 60,
  });
  return group;
}
