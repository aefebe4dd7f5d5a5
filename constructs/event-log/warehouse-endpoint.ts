import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Annotations, Fn } from "cdktf";
import { Construct } from "constructs";
import type { WarehouseEndpointConfig } from "../../regions/manifest.js";
import type { RegionResolver } from "../../regions/resolvers.js";
import type { Network } from "../network/network.js";

/** Ports the Snowflake PrivateLink endpoint serves: HTTPS, and HTTP for Snowflake's OCSP cache server. */
export const WAREHOUSE_ENDPOINT_PORTS = [443, 80] as const;
/** Private hosted zone Snowflake's PrivateLink host names live in. */
export const SNOWFLAKE_PRIVATELINK_ZONE = "privatelink.snowflakecomputing.com";

/** AWS region of a PrivateLink service name (`com.amazonaws.vpce.<region>.vpce-svc-...`). */
export function endpointServiceRegion(serviceName: string): string {
  return serviceName.split(".")[3]!;
}

/** AWS region of an S3 host name (`<bucket>.s3.<region>.amazonaws.com`). */
export function s3HostRegion(host: string): string {
  const parts = host.split(".");
  return parts[parts.length - 3]!;
}

export interface WarehouseEndpointProps {
  readonly names: RegionResolver;
  readonly network: Network;
  /** The manifest's `central.warehouse` block. */
  readonly config: WarehouseEndpointConfig;
  /** Only this group may use the endpoints (the event sink's workers). */
  readonly clientSecurityGroupId: string;
}

/**
 * The event sink's private path to the central Snowflake account: an interface endpoint to the account's
 * PrivateLink service (cross-region when the account lives in another AWS region) with the private DNS
 * Snowflake expects (account host and its OCSP host in `privatelink.snowflakecomputing.com`), and an S3
 * interface endpoint for the account's internal stage, where Snowpipe Streaming uploads, with a private zone for
 * exactly the stage bucket's host (other S3 traffic keeps using the gateway endpoint). AWS PrivateLink does not
 * connect S3 across AWS regions, so the stage endpoint exists only where the stage is in this region (see README).
 */
export class WarehouseEndpoint extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly endpoint: VpcEndpoint;
  readonly zone: Route53Zone;
  readonly stageEndpoint?: VpcEndpoint;
  readonly stageZone?: Route53Zone;

  constructor(scope: Construct, id: string, props: WarehouseEndpointProps) {
    super(scope, id);
    const { names, network, config } = props;
    const region = names.region;
    const label = names.name("event-sink", ["warehouse"]);

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: names.name("event-sink", ["warehouse"], "securityGroup"),
      description: "Snowflake PrivateLink endpoints: from the event sink workers only",
      vpcId: network.vpc.id,
      ingress: WAREHOUSE_ENDPOINT_PORTS.map((port) => ({
        description: port === 443 ? "HTTPS from the event sink" : "OCSP from the event sink",
        protocol: "tcp",
        fromPort: port,
        toPort: port,
        securityGroups: [props.clientSecurityGroupId],
      })),
      egress: [],
    });

    const serviceRegion = endpointServiceRegion(config.privateLinkServiceName);
    this.endpoint = new VpcEndpoint(this, "Resource", {
      vpcId: network.vpc.id,
      serviceName: config.privateLinkServiceName,
      // Cross-region PrivateLink: the Snowflake account may live in another AWS region than this one.
      ...(serviceRegion !== region.awsRegion ? { serviceRegion } : {}),
      vpcEndpointType: "Interface",
      // Snowflake's service has no private DNS of its own; the zone below provides it.
      privateDnsEnabled: false,
      subnetIds: network.appSubnetIds,
      securityGroupIds: [this.securityGroup.id],
      tags: { Name: label },
    });
    const endpointDns = this.endpoint.dnsEntry.get(0).dnsName;

    this.zone = new Route53Zone(this, "Zone", {
      name: SNOWFLAKE_PRIVATELINK_ZONE,
      comment: `${label}: Snowflake account host over PrivateLink, this VPC only`,
      vpc: [{ vpcId: network.vpc.id }],
      tags: { Name: label },
    });
    const cname = (recordId: string, host: string) =>
      new Route53Record(this, recordId, { zoneId: this.zone.zoneId, name: host, type: "CNAME", ttl: 300, records: [endpointDns] });
    cname("AccountRecord", config.accountHost);
    cname("OcspRecord", `ocsp.${config.accountHost}`);

    if (s3HostRegion(config.internalStageHost) !== region.awsRegion) {
      Annotations.of(this).addWarning(
        `region ${names.id}: the warehouse's internal stage ${config.internalStageHost} is in ${s3HostRegion(config.internalStageHost)}, not ${region.awsRegion}; ` +
          "AWS PrivateLink does not reach S3 across regions, so Snowpipe Streaming uploads from this region have no private path (see constructs/event-log/README.md)",
      );
      return;
    }
    this.stageEndpoint = new VpcEndpoint(this, "StageEndpoint", {
      vpcId: network.vpc.id,
      serviceName: `com.amazonaws.${region.awsRegion}.s3`,
      vpcEndpointType: "Interface",
      // Private DNS would send all of the VPC's S3 traffic here; only the stage bucket's host is pointed at it.
      privateDnsEnabled: false,
      subnetIds: network.appSubnetIds,
      securityGroupIds: [this.securityGroup.id],
      tags: { Name: names.name("event-sink", ["stage"]) },
    });
    this.stageZone = new Route53Zone(this, "StageZone", {
      name: config.internalStageHost,
      comment: `${label}: the Snowflake internal stage bucket over PrivateLink, this VPC only`,
      vpc: [{ vpcId: network.vpc.id }],
      tags: { Name: names.name("event-sink", ["stage"]) },
    });
    const stageDns = this.stageEndpoint.dnsEntry.get(0);
    new Route53Record(this, "StageRecord", {
      zoneId: this.stageZone.zoneId,
      name: config.internalStageHost,
      type: "A",
      // The endpoint's regional name is `*.vpce-...`; its bare form is the alias target.
      alias: { name: Fn.replace(stageDns.dnsName, "*.", ""), zoneId: stageDns.hostedZoneId, evaluateTargetHealth: false },
    });
  }
}
