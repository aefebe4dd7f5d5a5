import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { CentralNetwork } from "../../../constructs/central/central-network.js";
import { RegionalKey } from "../../../constructs/keys/regional-key.js";
import { CentralResolver } from "../../../regions/resolvers.js";
import { CentralStack } from "../../../stacks/central-stack.js";
import { manifestOf, resourceAt, synthCentral, synthesize } from "../../helpers.js";

const manifest = manifestOf();
const central = synthCentral(manifest);

/** A stack holding only a CentralNetwork with the construct's defaults (no NAT). */
function bareNetwork(props: { cidr?: string } = {}) {
  const app = Testing.app();
  const stack = new CentralStack(app, { manifest });
  const names = new CentralResolver(manifest.central);
  const key = new RegionalKey(stack, "TestKey", {
    aliasName: "test",
    description: "test",
    accountId: manifest.central.accountId,
    awsRegion: manifest.central.awsRegion,
  });
  new CentralNetwork(stack, "BareNetwork", { names, logsKey: key, ...props });
  return synthesize(stack);
}

describe("CentralNetwork", () => {
  it("has two private subnets in two different zones of the central region", () => {
    const subnets = ["Network/PrivateSubnet1", "Network/PrivateSubnet2"].map((p) => resourceAt(central, "aws_subnet", p).body);
    expect(subnets.map((s) => s.availability_zone)).toEqual(["us-west-2a", "us-west-2b"]);
    expect(subnets.map((s) => s.cidr_block)).toEqual(["10.255.0.0/24", "10.255.1.0/24"]);
    for (const s of subnets) expect(s.map_public_ip_on_launch).toBe(false);
  });

  it("is peered with nothing", () => {
    expect(central.resources("aws_vpc_peering_connection")).toEqual({});
    expect(central.resources("aws_ec2_transit_gateway_vpc_attachment")).toEqual({});
  });

  it("locks the default security group", () => {
    expect(resourceAt(central, "aws_default_security_group", "Network/DefaultSecurityGroup").body).toMatchObject({ ingress: [], egress: [] });
  });

  it("logs all traffic to a log group encrypted with the central key", () => {
    expect(resourceAt(central, "aws_flow_log", "Network/FlowLog").body.traffic_type).toBe("ALL");
    expect(resourceAt(central, "aws_cloudwatch_log_group", "Network/FlowLogGroup").body.kms_key_id).toBe(
      resourceAt(central, "aws_kms_key", "Key/Resource").ref("arn")
    );
  });

  it("reaches in-region AWS APIs through endpoints in the private subnets", () => {
    const endpoints = Object.values(central.resources("aws_vpc_endpoint"));
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(
      ["ecr.api", "ecr.dkr", "kms", "logs", "monitoring", "s3", "sqs"].map((s) => `com.amazonaws.us-west-2.${s}`)
    );
  });

  it("in the central stack, sends private egress through a NAT gateway in a public subnet that launches no public IPs", () => {
    const natRoute = resourceAt(central, "aws_route", "Network/NatRoute").body;
    expect(natRoute.route_table_id).toBe(resourceAt(central, "aws_route_table", "Network/PrivateRouteTable").ref("id"));
    expect(natRoute.nat_gateway_id).toBe(resourceAt(central, "aws_nat_gateway", "Network/NatGateway").ref("id"));
    expect(resourceAt(central, "aws_subnet", "Network/PublicSubnet").body.map_public_ip_on_launch).toBe(false);
  });

  it("has no internet or NAT gateway by default", () => {
    const bare = bareNetwork();
    const bareOnly = (type: string) => Object.keys(bare.resources(type)).filter((n) => n.startsWith("BareNetwork_"));
    expect(bareOnly("aws_subnet")).toHaveLength(2);
    expect(bareOnly("aws_internet_gateway")).toEqual([]);
    expect(bareOnly("aws_nat_gateway")).toEqual([]);
  });

  it("fails on a CIDR smaller than /22, naming the value", () => {
    expect(() => bareNetwork({ cidr: "10.0.0.0/24" })).toThrow(/central network cidr "10.0.0.0\/24" is not a CIDR block of \/22 or larger/);
  });
});
