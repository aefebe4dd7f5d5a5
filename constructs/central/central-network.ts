import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { pascalCase } from "../../regions/naming.js";
import { AWS_REGIONS } from "../../regions/aws-regions.js";
import { formatCidr, parseCidr, subnet } from "../../regions/cidr.js";
import type { CentralResolver } from "../../regions/resolvers.js";
import type { RegionalKey } from "../keys/regional-key.js";
import { addVpcFlowLogs } from "../network/flow-logs.js";

/** In-region AWS APIs a private MWAA environment needs without internet access (besides the S3 gateway). */
export const CENTRAL_INTERFACE_ENDPOINTS = ["logs", "monitoring", "sqs", "kms", "ecr.api", "ecr.dkr"] as const;

export const DEFAULT_CENTRAL_CIDR = "10.255.0.0/22";

export interface CentralNetworkProps {
  readonly names: CentralResolver;
  /** Encrypts the flow-log group. */
  readonly logsKey: RegionalKey;
  /** @default "10.255.0.0/22" (the VPC is never peered, so it may repeat a regional block; a /22 or larger) */
  readonly cidr?: string;
  /**
   * A NAT gateway (in one small public subnet) for outbound HTTPS from the
   * private subnets. The orchestrator needs it to call the EMR and SSM APIs of
   * regions other than its own, which no in-region endpoint serves.
   * @default false - private subnets reach only in-region AWS APIs through endpoints
   */
  readonly natEgress?: boolean;
  /** @default 365 */
  readonly flowLogRetentionDays?: number;
}


/**
 * Central's own small network, for the orchestrator: a VPC with two private
 * subnets in two zones, VPC endpoints for the in-region APIs, flow logs, the
 * default security group locked, no peering to any region. Only with
 * `natEgress` does it get a public subnet holding a NAT gateway; nothing in it
 * accepts inbound traffic from the internet.
 */
export class CentralNetwork extends Construct {
  readonly vpc: Vpc;
  readonly cidr: string;
  readonly privateSubnets: readonly Subnet[];
  readonly endpointSecurityGroup: SecurityGroup;
  readonly flowLogGroup: CloudwatchLogGroup;
  readonly natGateway?: NatGateway;

  constructor(scope: Construct, id: string, props: CentralNetworkProps) {
    super(scope, id);
    const { names } = props;
    const { awsRegion, accountId } = names.central;
    this.cidr = props.cidr ?? DEFAULT_CENTRAL_CIDR;
    const block = parseCidr(this.cidr);
    if (!block || block.prefix > 22)
      throw new Error(`central network cidr ${JSON.stringify(this.cidr)} is not a CIDR block of /22 or larger (e.g. ${DEFAULT_CENTRAL_CIDR})`);
    const zones = AWS_REGIONS[awsRegion]!.availabilityZones;

    this.vpc = new Vpc(this, "Resource", {
      cidrBlock: this.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: names.name("vpc") },
    });
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", { vpcId: this.vpc.id, ingress: [], egress: [] });

    const privateRoutes = new RouteTable(this, "PrivateRouteTable", { vpcId: this.vpc.id, tags: { Name: names.name("rt", ["private"]) } });
    // Quarters 0 and 1 of the block are the private subnets; quarter 2 is the NAT's public subnet.
    this.privateSubnets = [0, 1].map((zone) => {
      const s = new Subnet(this, `PrivateSubnet${zone + 1}`, {
        vpcId: this.vpc.id,
        availabilityZone: zones[zone],
        cidrBlock: formatCidr(subnet(block, 2, zone)),
        mapPublicIpOnLaunch: false,
        tags: { Name: names.name("subnet", ["private", zones[zone]]), "regionkit:tier": "private" },
      });
      new RouteTableAssociation(this, `PrivateSubnet${zone + 1}Routes`, { subnetId: s.id, routeTableId: privateRoutes.id });
      return s;
    });

    if (props.natEgress) this.natGateway = this.addNat(names, zones[0], formatCidr(subnet(block, 2, 2)), privateRoutes);

    this.endpointSecurityGroup = new SecurityGroup(this, "EndpointSecurityGroup", {
      name: names.name("endpoints", [], "securityGroup"),
      description: "HTTPS from inside the central VPC to AWS interface endpoints",
      vpcId: this.vpc.id,
      ingress: [{ description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [this.cidr] }],
      egress: [],
    });
    new VpcEndpoint(this, "S3Endpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${awsRegion}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [privateRoutes.id],
    });
    for (const service of CENTRAL_INTERFACE_ENDPOINTS) {
      new VpcEndpoint(this, `${pascalCase(service)}Endpoint`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${awsRegion}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: this.privateSubnetIds,
        securityGroupIds: [this.endpointSecurityGroup.id],
      });
    }

    this.flowLogGroup = addVpcFlowLogs(this, {
      vpc: this.vpc,
      logGroupName: names.logGroupName("vpc-flow-logs"),
      roleName: names.name("vpc-flow-logs", [], "iamRole"),
      accountId: accountId,
      logsKey: props.logsKey,
      retentionDays: props.flowLogRetentionDays ?? 365,
    });
  }

  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((s) => s.id);
  }

  /** Public subnet with an internet gateway and a NAT gateway; the private route table sends 0.0.0.0/0 to the NAT. */
  private addNat(names: CentralResolver, availabilityZone: string, cidrBlock: string, privateRoutes: RouteTable): NatGateway {
    const publicSubnet = new Subnet(this, "PublicSubnet", {
      vpcId: this.vpc.id,
      availabilityZone,
      cidrBlock,
      mapPublicIpOnLaunch: false,
      tags: { Name: names.name("subnet", ["public", availabilityZone]), "regionkit:tier": "public" },
    });
    const gateway = new InternetGateway(this, "InternetGateway", { vpcId: this.vpc.id, tags: { Name: names.name("igw") } });
    const publicRoutes = new RouteTable(this, "PublicRouteTable", { vpcId: this.vpc.id, tags: { Name: names.name("rt", ["public"]) } });
    new Route(this, "InternetRoute", { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: gateway.id });
    new RouteTableAssociation(this, "PublicSubnetRoutes", { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
    const address = new Eip(this, "NatAddress", { domain: "vpc", tags: { Name: names.name("nat") } });
    const nat = new NatGateway(this, "NatGateway", {
      allocationId: address.allocationId,
      subnetId: publicSubnet.id,
      connectivityType: "public",
      tags: { Name: names.name("nat") },
      dependsOn: [gateway],
    });
    new Route(this, "NatRoute", { routeTableId: privateRoutes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
    return nat;
  }
}
