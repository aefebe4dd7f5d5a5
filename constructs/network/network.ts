import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { pascalCase } from "../../regions/naming.js";
import { formatCidr, parseCidr, subnet } from "../../regions/cidr.js";
import type { RegionResolver } from "../../regions/resolvers.js";
import type { RegionalKey } from "../keys/regional-key.js";
import { addVpcFlowLogs } from "./flow-logs.js";

/** Gateway endpoints: S3 and DynamoDB traffic stays on the AWS network, no NAT. */
export const GATEWAY_ENDPOINTS = ["s3", "dynamodb"] as const;
/** Interface endpoints for the regional AWS APIs the data plane calls from inside the VPC. */
export const INTERFACE_ENDPOINTS = [
  "sts",
  "kms",
  "logs",
  "monitoring",
  "secretsmanager",
  "ssm",
  "ec2",
  "ecr.api",
  "ecr.dkr",
  "eks",
  "elasticmapreduce",
  "kafka",
] as const;

/** Tag the EMR service role's managed policy (AmazonEMRServicePolicy_v2) requires on subnets and security groups it uses. */
export const EMR_MANAGED_POLICY_TAG = "for-use-with-amazon-emr-managed-policies";


export interface NetworkProps {
  readonly names: RegionResolver;
  /** Encrypts the flow-log group. */
  readonly logsKey: RegionalKey;
  /** @default 365 */
  readonly flowLogRetentionDays?: number;
}

/** One subnet of a tier, with the zone it is in. */
export interface ZoneSubnet {
  readonly subnet: Subnet;
  readonly availabilityZone: string;
  readonly cidr: string;
}

/**
 * The region's isolated network. A VPC from the manifest CIDR with two private
 * tiers across the three zones: `app` (EKS, EMR, MSK, OpenSearch, endpoints) takes
 * three quarters of the block, `data` (the shard databases) a sixteenth per zone.
 * No internet or NAT gateway, no peering: AWS APIs are reached through VPC
 * endpoints. Flow logs on, default security group locked.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly cidr: string;
  readonly appSubnets: readonly ZoneSubnet[];
  readonly dataSubnets: readonly ZoneSubnet[];
  readonly endpointSecurityGroup: SecurityGroup;
  readonly interfaceEndpoints: Readonly<Record<string, VpcEndpoint>>;
  readonly gatewayEndpoints: Readonly<Record<(typeof GATEWAY_ENDPOINTS)[number], VpcEndpoint>>;
  readonly flowLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { names } = props;
    const region = names.region;
    this.cidr = region.cidr;
    const block = parseCidr(region.cidr);
    if (!block) throw new Error(`region ${region.id}: cidr ${region.cidr} is not a CIDR block`);

    this.vpc = new Vpc(this, "Resource", {
      cidrBlock: region.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: names.name("vpc") },
    });

    new DefaultSecurityGroup(this, "DefaultSecurityGroup", { vpcId: this.vpc.id, ingress: [], egress: [] });

    const routeTables: RouteTable[] = [];
    const tier = (tierName: "app" | "data", cidrOf: (zone: number) => string): ZoneSubnet[] => {
      const table = new RouteTable(this, tierName === "app" ? "AppRouteTable" : "DataRouteTable", {
        vpcId: this.vpc.id,
        tags: { Name: names.name("rt", [tierName]) },
      });
      routeTables.push(table);
      return region.availabilityZones.map((availabilityZone, zone) => {
        const cidr = cidrOf(zone);
        const s = new Subnet(this, `${tierName === "app" ? "App" : "Data"}Subnet${zone + 1}`, {
          vpcId: this.vpc.id,
          availabilityZone,
          cidrBlock: cidr,
          mapPublicIpOnLaunch: false,
          tags: {
            Name: names.name("subnet", [tierName, availabilityZone]),
            "regionkit:tier": tierName,
            // The region's EMR cluster runs in an app subnet.
            ...(tierName === "app" ? { [EMR_MANAGED_POLICY_TAG]: "true" } : {}),
          },
        });
        new RouteTableAssociation(this, `${tierName === "app" ? "App" : "Data"}Subnet${zone + 1}Routes`, { subnetId: s.id, routeTableId: table.id });
        return { subnet: s, availabilityZone, cidr };
      });
    };
    // Quarters 0-2 are the app subnets; quarter 3 is split in four and its first three are the data subnets.
    this.appSubnets = tier("app", (zone) => formatCidr(subnet(block, 2, zone)));
    this.dataSubnets = tier("data", (zone) => formatCidr(subnet(block, 4, 12 + zone)));
    const routeTableIds = routeTables.map((t) => t.id);

    this.endpointSecurityGroup = new SecurityGroup(this, "EndpointSecurityGroup", {
      name: names.name("endpoints", [], "securityGroup"),
      description: "HTTPS from inside the region VPC to AWS interface endpoints",
      vpcId: this.vpc.id,
      ingress: [{ description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [region.cidr] }],
      egress: [],
    });

    const gateway = (service: (typeof GATEWAY_ENDPOINTS)[number]) =>
      new VpcEndpoint(this, `${pascalCase(service)}Endpoint`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${region.awsRegion}.${service}`,
        vpcEndpointType: "Gateway",
        routeTableIds,
      });
    this.gatewayEndpoints = { s3: gateway("s3"), dynamodb: gateway("dynamodb") };
    const endpoints: Record<string, VpcEndpoint> = {};
    for (const service of INTERFACE_ENDPOINTS) {
      endpoints[service] = new VpcEndpoint(this, `${pascalCase(service)}Endpoint`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${region.awsRegion}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: this.appSubnets.map((s) => s.subnet.id),
        securityGroupIds: [this.endpointSecurityGroup.id],
      });
    }
    this.interfaceEndpoints = endpoints;

    this.flowLogGroup = addVpcFlowLogs(this, {
      vpc: this.vpc,
      logGroupName: names.logGroupName("vpc-flow-logs"),
      roleName: names.name("vpc-flow-logs", [], "iamRole"),
      accountId: region.accountId,
      logsKey: props.logsKey,
      retentionDays: props.flowLogRetentionDays ?? 365,
    });
  }

  get appSubnetIds(): string[] {
    return this.appSubnets.map((s) => s.subnet.id);
  }

  get dataSubnetIds(): string[] {
    return this.dataSubnets.map((s) => s.subnet.id);
  }
}
