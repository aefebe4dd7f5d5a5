import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import type { RegionResolver } from "../../regions/resolvers.js";
import { accountRoot, policyDocument, readerTrustPolicy, trustPolicyDocument } from "../iam/policy.js";
import { grantToRole } from "../iam/role-grant.js";
import type { RegionKeys } from "../keys/region-keys.js";
import type { Network } from "../network/network.js";
import { type SearchAccess, searchSecurityRequests } from "./security-config.js";

/** OpenSearch log types published to CloudWatch: construct id and log group suffix of each. */
export const SEARCH_LOGS = [
  { type: "INDEX_SLOW_LOGS", id: "IndexSlowLogs", suffix: "index-slow" },
  { type: "SEARCH_SLOW_LOGS", id: "SearchSlowLogs", suffix: "search-slow" },
  { type: "ES_APPLICATION_LOGS", id: "ApplicationLogs", suffix: "application" },
  { type: "AUDIT_LOGS", id: "AuditLogs", suffix: "audit" },
] as const;
export type SearchLogType = (typeof SEARCH_LOGS)[number]["type"];

/** Newest TLS policy hashicorp/aws 5.100 accepts: TLS 1.2+ with perfect forward secrecy only. */
export const SEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";

/** HTTP actions a writer (e.g. the reindex job) needs on the domain's indices. */
const WRITE_ACTIONS = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"] as const;
/** HTTP actions a reader needs: GET, and POST for `_search` / `_msearch` bodies. What it may read is decided inside the domain. */
const READ_ACTIONS = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost"] as const;

export interface SearchDomainProps {
  readonly names: RegionResolver;
  /** `search` encrypts the domain, `logs` its log groups. */
  readonly keys: RegionKeys;
  /** Data nodes and the HTTPS endpoint go into its app subnets, one per zone. */
  readonly network: Network;
  /** Days CloudWatch keeps the domain's logs. @default 365 */
  readonly logRetentionDays?: number;
}

/**
 * The region's search cluster (the seeds' Elasticsearch cluster, built only
 * from this region's lake): an OpenSearch domain inside the region's VPC,
 * sized from the manifest `search` block, with every secure default on.
 * Access is IAM-only (fine-grained access control with an IAM master role);
 * other roles get access through `grantWrite`.
 */
export class SearchDomain extends Construct {
  readonly domain: OpensearchDomain;
  readonly domainName: string;
  /** IAM master user of fine-grained access control; assumable only by the named roles of `search.adminRoles`. */
  readonly adminRole: IamRole;
  readonly securityGroup: SecurityGroup;
  readonly logGroups: Readonly<Record<SearchLogType, CloudwatchLogGroup>>;
  /** The product's search path: read-only queries of this region's indices. */
  readonly readerRole: IamRole;
  /** The fine-grained-access roles and mappings, published for the admin role to apply (see README). */
  readonly securityConfig: SsmParameter;
  private readonly principals: string[] = [];
  private readonly mapped: Record<SearchAccess, string[]> = { write: [], read: [] };
  private grants = 0;

  constructor(scope: Construct, id: string, props: SearchDomainProps) {
    super(scope, id);
    const { names, keys, network } = props;
    const region = names.region;
    const sizing = region.search;
    this.domainName = names.searchDomainName;

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: names.name("search", [], "securityGroup"),
      description: "HTTPS to the search domain from inside the region VPC only",
      vpcId: network.vpc.id,
      ingress: [{ description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [region.cidr] }],
      egress: [],
    });

    this.adminRole = new IamRole(this, "AdminRole", {
      name: names.name("search-admin", [], "iamRole"),
      description: `OpenSearch master user of ${this.domainName}; maps other roles inside the domain`,
      assumeRolePolicy: adminTrustPolicy(region.accountId, searchAdminPrincipalArns(names)),
    });
    this.principals.push(this.adminRole.arn);

    const groups = {} as Record<SearchLogType, CloudwatchLogGroup>;
    for (const { type, id: groupId, suffix } of SEARCH_LOGS) {
      groups[type] = new CloudwatchLogGroup(this, groupId, {
        name: names.logGroupName("search", suffix),
        kmsKeyId: keys.logs.arn,
        retentionInDays: props.logRetentionDays ?? 365,
      });
    }
    this.logGroups = groups;
    const domainArn = `${names.arnPrefix("es")}domain/${this.domainName}`;
    const logPolicy = new CloudwatchLogResourcePolicy(this, "LogPolicy", {
      policyName: names.name("search-logs"),
      policyDocument: policyDocument([
        {
          Sid: "SearchDomainLogDelivery",
          Effect: "Allow",
          Principal: { Service: "es.amazonaws.com" },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: Object.values(groups).map((g) => `${g.arn}:*`),
          Condition: { StringEquals: { "aws:SourceAccount": region.accountId }, ArnLike: { "aws:SourceArn": domainArn } },
        },
      ]),
    });

    this.domain = new OpensearchDomain(this, "Resource", {
      domainName: this.domainName,
      engineVersion: sizing.engineVersion,
      clusterConfig: {
        instanceType: sizing.dataInstanceType,
        instanceCount: sizing.dataInstanceCount,
        dedicatedMasterEnabled: true,
        dedicatedMasterType: sizing.masterInstanceType,
        dedicatedMasterCount: sizing.masterInstanceCount,
        zoneAwarenessEnabled: true,
        zoneAwarenessConfig: { availabilityZoneCount: network.appSubnets.length },
      },
      vpcOptions: { subnetIds: network.appSubnetIds, securityGroupIds: [this.securityGroup.id] },
      ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: sizing.volumeSizeGiB },
      encryptAtRest: { enabled: true, kmsKeyId: keys.search.arn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: SEARCH_TLS_POLICY },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: this.adminRole.arn },
      },
      logPublishingOptions: Object.entries(groups).map(([logType, group]) => ({ logType, cloudwatchLogGroupArn: group.arn, enabled: true })),
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      offPeakWindowOptions: { enabled: true },
      accessPolicies: Lazy.stringValue({
        produce: () =>
          policyDocument([{ Sid: "RegionalPrincipalsOnly", Effect: "Allow", Principal: { AWS: [...this.principals] }, Action: "es:ESHttp*", Resource: `${domainArn}/*` }]),
      }),
      dependsOn: [logPolicy],
      lifecycle: { preventDestroy: true },
    });

    this.readerRole = new IamRole(this, "ReaderRole", {
      name: names.searchReaderRoleName,
      description: `Product search path: read-only queries of ${this.domainName}`,
      assumeRolePolicy: readerTrustPolicy(region.accountId, "search"),
    });
    // Its own literal id: the numbered GrantN policies of later grantWrite/grantRead calls keep their addresses.
    this.grant(this.readerRole, "read", READ_ACTIONS, "ReaderRolePolicy");

    this.securityConfig = new SsmParameter(this, "SecurityConfig", {
      name: names.searchSecurityParameter,
      description: `OpenSearch security API requests (roles, role mappings) for ${this.domainName}; apply with the admin role`,
      type: "String",
      tier: "Standard",
      value: Lazy.stringValue({ produce: () => JSON.stringify(searchSecurityRequests(this.mapped)) }),
    });
  }

  /** Host name of the domain's HTTPS endpoint (inside the VPC). */
  get endpoint(): string {
    return this.domain.endpoint;
  }

  get arn(): string {
    return this.domain.arn;
  }

  /**
   * Let a role of this region read and write the domain's indices over HTTPS:
   * an IAM policy on the role plus its ARN in the domain access policy, and a
   * mapping to the `regionkit_search_writer` OpenSearch role in `securityConfig`
   * (fine-grained access control does not read IAM policies; see README).
   */
  grantWrite(role: IamRole): void {
    this.grant(role, "write", WRITE_ACTIONS);
  }

  /** Let a role of this region query the domain's indices: as `grantWrite`, mapped to the read-only OpenSearch role. */
  grantRead(role: IamRole): void {
    this.grant(role, "read", READ_ACTIONS);
  }

  private grant(role: IamRole, access: SearchAccess, actions: readonly string[], policyId?: string): void {
    this.principals.push(role.arn);
    this.mapped[access].push(role.arn);
    const statements = [{ Effect: "Allow" as const, Action: [...actions], Resource: [this.domain.arn, `${this.domain.arn}/*`] }];
    if (policyId) new IamRolePolicy(this, policyId, { role: role.id, name: `${access}-${this.domainName}`, policy: policyDocument(statements) });
    else grantToRole(this, ++this.grants, role, `${access}-${this.domainName}`, statements);
  }
}

/** ARNs (IAM wildcards allowed) of the roles that may become the domain's admin: `search.adminRoles`, or the region's search operator role. */
export function searchAdminPrincipalArns(names: RegionResolver): string[] {
  const roles = names.region.search.adminRoles ?? [names.name("search-operator", [], "iamRole")];
  return roles.map((role) => `arn:aws:iam::${names.region.accountId}:role/${role}`);
}

/**
 * Trust of the admin role: principals of this account whose ARN is one of the
 * named roles, nothing else. The names go into an `aws:PrincipalArn` condition
 * rather than the `Principal` element, because IAM rejects a trust policy that
 * names a role that does not exist yet (and allows no wildcards there).
 */
export function adminTrustPolicy(accountId: string, principalArns: readonly string[]): string {
  if (principalArns.length === 0) throw new Error("the search admin role needs at least one named principal (search.adminRoles)");
  return trustPolicyDocument([
    {
      Effect: "Allow",
      Principal: { AWS: accountRoot(accountId) },
      Action: "sts:AssumeRole",
      Condition: { ArnLike: { "aws:PrincipalArn": [...principalArns] }, StringEquals: { "aws:PrincipalAccount": accountId } },
    },
  ]);
}
