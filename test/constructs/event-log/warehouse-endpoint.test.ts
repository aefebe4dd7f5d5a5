import { describe, expect, it } from "vitest";
import { endpointServiceRegion, s3HostRegion } from "../../../constructs/event-log/index.js";
import { ManifestError } from "../../../regions/issues.js";
import { manifestOf, minimalManifestYaml, resourceAt, synthRegion } from "../../helpers.js";

const manifest = manifestOf();
const warehouse = manifest.central.warehouse!;
const eu = synthRegion("eu", manifest);
const us = synthRegion("us", manifest);
const endpointOf = (syn: typeof eu) => resourceAt(syn, "aws_vpc_endpoint", "EventLog/WarehouseEndpoint/Resource");

describe("WarehouseEndpoint", () => {
  it("reads the Snowflake PrivateLink service and hosts from the manifest's central.warehouse", () => {
    expect(warehouse.privateLinkServiceName).toMatch(/^com\.amazonaws\.vpce\.us-west-2\.vpce-svc-/);
    expect(endpointServiceRegion(warehouse.privateLinkServiceName)).toBe("us-west-2");
    expect(s3HostRegion(warehouse.internalStageHost)).toBe("us-west-2");
  });

  it("gives the event sink an interface endpoint to the warehouse account's service, cross-region where needed", () => {
    const endpoint = endpointOf(eu).body;
    expect(endpoint).toMatchObject({ service_name: warehouse.privateLinkServiceName, vpc_endpoint_type: "Interface", private_dns_enabled: false, service_region: "us-west-2" });
    expect(endpoint.subnet_ids).toHaveLength(3);
    expect(endpointOf(us).body.service_region).toBeUndefined();
  });

  it("lets only the event sink's workers reach the endpoint, on HTTPS and OCSP", () => {
    const sg = resourceAt(eu, "aws_security_group", "EventLog/WarehouseEndpoint/SecurityGroup").body;
    const sink = resourceAt(eu, "aws_security_group", "EventLog/EventSinkSecurityGroup");
    expect(sg.ingress.map((r: any) => [r.from_port, r.security_groups])).toEqual([
      [443, [sink.ref("id")]],
      [80, [sink.ref("id")]],
    ]);
    expect(sg.ingress.every((r: any) => !r.cidr_blocks?.length)).toBe(true);
    expect(sg.egress).toEqual([]);
    expect(sink.body.egress.map((r: any) => r.from_port).sort()).toEqual([443, 80, 9098].sort());
  });

  it("resolves the account host and its OCSP host to the endpoint in a private zone of this VPC only", () => {
    const zone = resourceAt(eu, "aws_route53_zone", "EventLog/WarehouseEndpoint/Zone");
    expect(zone.body.name).toBe("privatelink.snowflakecomputing.com");
    expect(zone.body.vpc).toEqual([{ vpc_id: resourceAt(eu, "aws_vpc", "Network/Resource").ref("id") }]);
    const records = Object.values(eu.resources("aws_route53_record")).filter((r) => r.zone_id === zone.ref("zone_id"));
    expect(records.map((r) => [r.name, r.type]).sort()).toEqual([
      [`ocsp.${warehouse.accountHost}`, "CNAME"],
      [warehouse.accountHost, "CNAME"],
    ].sort());
    for (const r of records) expect(r.records).toEqual([`\${${endpointOf(eu).name.replace(/^/, "aws_vpc_endpoint.")}.dns_entry[0].dns_name}`]);
  });

  it("reaches the internal stage through an S3 interface endpoint with a zone for the stage bucket's host only, where the stage is in-region", () => {
    const stage = resourceAt(us, "aws_vpc_endpoint", "EventLog/WarehouseEndpoint/StageEndpoint").body;
    expect(stage).toMatchObject({ service_name: "com.amazonaws.us-west-2.s3", vpc_endpoint_type: "Interface", private_dns_enabled: false });
    const zone = resourceAt(us, "aws_route53_zone", "EventLog/WarehouseEndpoint/StageZone").body;
    expect(zone.name).toBe(warehouse.internalStageHost);
    const record = resourceAt(us, "aws_route53_record", "EventLog/WarehouseEndpoint/StageRecord").body;
    expect(record).toMatchObject({ name: warehouse.internalStageHost, type: "A" });
    expect(record.alias.name).toContain("dns_entry[0].dns_name");
  });

  it("creates no S3 endpoint where PrivateLink cannot reach the stage (another AWS region)", () => {
    expect(Object.values(eu.resources("aws_vpc_endpoint")).filter((e) => e.service_name === "com.amazonaws.eu-central-1.s3" && e.vpc_endpoint_type === "Interface")).toEqual([]);
  });

  it("creates no endpoint when the manifest names no warehouse service", () => {
    const bare = manifestOf(minimalManifestYaml(`  - id: eu\n    jurisdiction: EU\n    awsRegion: eu-central-1\n    cidr: 10.20.0.0/16\n`));
    expect(bare.central.warehouse).toBeUndefined();
    expect(Object.keys(synthRegion("eu", bare).resources("aws_route53_zone"))).toEqual([]);
  });

  it("fails a manifest whose warehouse service name or hosts are malformed, naming each field", () => {
    const yaml = minimalManifestYaml(
      `  - id: eu\n    jurisdiction: EU\n    awsRegion: eu-central-1\n    cidr: 10.20.0.0/16\n`,
      `central:\n  awsRegion: us-west-2\n  accountId: "111111111111"\n  warehouse:\n    privateLinkServiceName: vpce-svc-123\n    accountHost: xy12345.snowflakecomputing.com\n    internalStageHost: stage.example.com\n`,
    );
    let messages = "";
    try {
      manifestOf(yaml);
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      messages = e.issues.map((i) => `${i.path}: ${i.message}`).join("\n");
    }
    expect(messages).toMatch(/central\.warehouse\.privateLinkServiceName: "vpce-svc-123" is not a PrivateLink endpoint service name/);
    expect(messages).toMatch(/central\.warehouse\.accountHost: .* is not a Snowflake PrivateLink host/);
    expect(messages).toMatch(/central\.warehouse\.internalStageHost: .* is not an internal stage host/);
  });
});
