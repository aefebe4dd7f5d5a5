import { beforeAll, describe, expect, it } from "vitest";
import { CLOUDFLARE_IPV4_RANGES, LOGGING_API_TLS_POLICY } from "../../../constructs/logging-api/index.js";
import { manifestOf, policyOf, regionResolver, resourceAt, synthRegion, type Synthesized } from "../../helpers.js";

const manifest = manifestOf();
const names = regionResolver(manifest, "eu");

describe("LoggingApi", () => {
  let syn: Synthesized;
  beforeAll(() => {
    syn = synthRegion("eu", manifest);
  });

  it("lets the function write the region's events topic and no other", () => {
    const role = resourceAt(syn, "aws_iam_role_policy", "LoggingApi/RolePolicy").body;
    const statements = policyOf(role.policy).Statement;
    const kafkaWrites = statements.filter((s) => [s.Action].flat().some((a: string) => /^kafka-cluster:(WriteData|CreateTopic|AlterTopic)/.test(a)));
    expect(kafkaWrites).toHaveLength(1);
    expect(kafkaWrites[0]!.Resource).toMatch(new RegExp(`/${names.eventsTopic.replace(".", "\\.")}$`));
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain("kafka-cluster:ReadData");
  });

  it("runs the function in the region's app subnets with the topic and brokers of its own region", () => {
    const fn = resourceAt(syn, "aws_lambda_function", "LoggingApi/Function").body;
    expect(fn.vpc_config.subnet_ids).toHaveLength(3);
    expect(fn.environment.variables).toMatchObject({ REGION_ID: "eu", EVENTS_TOPIC: "eu.events" });
    expect(fn.environment.variables.KAFKA_BOOTSTRAP).toBe(resourceAt(syn, "aws_msk_cluster", "Kafka").ref("bootstrap_brokers_sasl_iam"));
    expect(fn.kms_key_arn).toMatch(/aws_kms_key\.Keys_Streaming/);
  });

  it("serves both load balancers over TLS 1.2+ only, with the certificate of the region's event hostnames", () => {
    const listeners = ["Internal", "Edge"].map((side) => resourceAt(syn, "aws_lb_listener", `LoggingApi/${side}HttpsListener`).body);
    for (const l of listeners) expect(l).toMatchObject({ port: 443, protocol: "HTTPS", ssl_policy: LOGGING_API_TLS_POLICY });
    expect(syn.only("aws_acm_certificate")).toMatchObject({ domain_name: "events.eu.example.com", subject_alternative_names: ["internal.events.eu.example.com"] });
  });

  it("opens the edge-facing load balancer to Cloudflare's ranges only, and the internal one to the VPC only", () => {
    const edge = resourceAt(syn, "aws_security_group", "LoggingApi/EdgeLoadBalancerSecurityGroup").body;
    expect(edge.ingress).toHaveLength(1);
    expect(edge.ingress[0]).toMatchObject({ from_port: 443, to_port: 443, cidr_blocks: [...CLOUDFLARE_IPV4_RANGES] });
    const internal = resourceAt(syn, "aws_security_group", "LoggingApi/InternalLoadBalancerSecurityGroup").body;
    expect(internal.ingress[0].cidr_blocks).toEqual([names.region.cidr]);
    expect(resourceAt(syn, "aws_lb", "LoggingApi/InternalLoadBalancer").body.internal).toBe(true);
    expect(resourceAt(syn, "aws_lb", "LoggingApi/EdgeLoadBalancer").body.internal).toBe(false);
    const fnSg = resourceAt(syn, "aws_security_group", "LoggingApi/FunctionSecurityGroup").body;
    expect(fnSg.ingress).toEqual([]);
  });

  it("forwards only POST /v1/events from the edge; everything else is a 404 at the load balancer", () => {
    const edgeListener = resourceAt(syn, "aws_lb_listener", "LoggingApi/EdgeHttpsListener").body;
    expect(edgeListener.default_action[0].type).toBe("fixed-response");
    const rule = syn.only("aws_lb_listener_rule");
    expect(rule.condition).toEqual([{ path_pattern: { values: ["/v1/events"] } }, { http_request_method: { values: ["POST"] } }]);
  });

  it("puts the edge-facing subnets alone on the internet route; app and data tiers keep their private routes", () => {
    const routes = Object.values(syn.resources("aws_route"));
    expect(routes).toHaveLength(1);
    expect(routes[0]!.route_table_id).toBe(resourceAt(syn, "aws_route_table", "LoggingApi/EdgeRouteTable").ref("id"));
    const edgeSubnets = Object.values(syn.resources("aws_subnet")).filter((s) => s.tags["regionkit:tier"] === "edge");
    expect(edgeSubnets.map((s) => s.cidr_block)).toEqual(["10.20.244.0/22", "10.20.248.0/22", "10.20.252.0/22"]);
    for (const s of edgeSubnets) expect(s.map_public_ip_on_launch).toBe(false);
  });

  it("is absent in a region without an eventHostname", () => {
    const kr = synthRegion("kr", manifest);
    const addresses = ["aws_lambda_function", "aws_lb", "aws_internet_gateway", "aws_acm_certificate"].flatMap((type) => Object.keys(kr.resources(type)));
    expect(addresses.filter((a) => a.startsWith("LoggingApi"))).toEqual([]);
    expect(kr.resources("aws_internet_gateway")).toEqual({});
  });
});
