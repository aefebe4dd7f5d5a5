import { describe, expect, it } from "vitest";
import { GATEWAY_ENDPOINTS, INTERFACE_ENDPOINTS } from "../../../constructs/network/index.js";
import { policyOf, synthRegion } from "../../helpers.js";

const eu = synthRegion("eu");
const subnets = Object.values(eu.resources("aws_subnet"));
const tier = (name: string) => subnets.filter((s) => s.tags["regionkit:tier"] === name);
/** The only resource of a type created by the Network construct (other blocks add their own). */
function networkOnly(type: string): Record<string, any> {
  const mine = Object.entries(eu.resources(type)).filter(([address]) => address.startsWith("Network_"));
  if (mine.length !== 1) throw new Error(`expected one ${type} in Network, found ${mine.length}`);
  return mine[0]![1];
}

describe("Network", () => {
  it("creates one VPC from the region's CIDR with DNS on", () => {
    expect(eu.only("aws_vpc")).toMatchObject({ cidr_block: "10.20.0.0/16", enable_dns_hostnames: true, enable_dns_support: true });
  });

  it("puts app and data subnets in each of the three zones, none public", () => {
    for (const name of ["app", "data"]) {
      expect(tier(name).map((s) => s.availability_zone)).toEqual(["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
    }
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it("carves non-overlapping subnets inside the region CIDR", () => {
    expect(tier("app").map((s) => s.cidr_block)).toEqual(["10.20.0.0/18", "10.20.64.0/18", "10.20.128.0/18"]);
    expect(tier("data").map((s) => s.cidr_block)).toEqual(["10.20.192.0/20", "10.20.208.0/20", "10.20.224.0/20"]);
  });

  it("has no internet gateway, NAT gateway, peering or route to outside the VPC", () => {
    // The logging API's edge-facing load balancer brings its own gateway and route table (constructs/logging-api); nothing else may.
    const outsideLoggingApi = (type: string) => Object.keys(eu.resources(type)).filter((id) => !id.startsWith("LoggingApi_"));
    for (const type of ["aws_internet_gateway", "aws_nat_gateway", "aws_vpc_peering_connection", "aws_route", "aws_egress_only_internet_gateway"]) {
      expect(outsideLoggingApi(type), type).toEqual([]);
    }
    for (const table of Object.values(eu.resources("aws_route_table"))) expect(table.route ?? []).toEqual([]);
  });

  it("locks the default security group", () => {
    expect(eu.only("aws_default_security_group")).toMatchObject({ ingress: [], egress: [] });
  });

  it("reaches AWS services through this region's endpoints only", () => {
    const endpoints = Object.entries(eu.resources("aws_vpc_endpoint"))
      .filter(([address]) => address.startsWith("Network_"))
      .map(([, e]) => e);
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(
      [...GATEWAY_ENDPOINTS, ...INTERFACE_ENDPOINTS].map((s) => `com.amazonaws.eu-central-1.${s}`).sort(),
    );
    for (const e of endpoints.filter((x) => x.vpc_endpoint_type === "Interface")) expect(e.private_dns_enabled).toBe(true);
  });

  it("allows only HTTPS from inside the VPC to the interface endpoints", () => {
    const sg = networkOnly("aws_security_group");
    expect(sg.ingress).toEqual([expect.objectContaining({ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.20.0.0/16"] })]);
    expect(sg.egress).toEqual([]);
  });

  it("logs all VPC traffic to a KMS-encrypted log group kept a year", () => {
    expect(eu.only("aws_flow_log")).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    const group = networkOnly("aws_cloudwatch_log_group");
    expect(group.retention_in_days).toBe(365);
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.Keys_Logs_[A-F0-9]+\.arn\}$/);
  });

  it("lets the flow-log role write only to its own log group", () => {
    const policy = policyOf(networkOnly("aws_iam_role_policy").policy);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]!.Resource.every((r: string) => r.includes("aws_cloudwatch_log_group.Network_FlowLogGroup"))).toBe(true);
    const trust = policyOf(networkOnly("aws_iam_role").assume_role_policy);
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } } });
  });
});
