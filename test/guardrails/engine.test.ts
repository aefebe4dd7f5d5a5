import { Testing, type App, type TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { classifyStack, StackContext } from "../../guardrails/context.js";
import { formatResult, hasErrors, openFindings, runGuardrails } from "../../guardrails/engine.js";
import { CODE_EXCEPTIONS, manifestExceptions, type GuardrailException } from "../../guardrails/exceptions.js";
import { ALL_RULES } from "../../guardrails/rules/index.js";
import { RegionalDataStack } from "../../stacks/regional-data-stack.js";
import { DEFAULT_MANIFEST_TEXT, manifestOf, synthApp, synthesize } from "../helpers.js";
import { manifest, merge, one, stackJson } from "./fixtures.js";

const ex = (e: Omit<GuardrailException, "source">): GuardrailException => ({ source: "test", ...e });
const multiRegionKey = one("aws_kms_key", "K", { multi_region: true, enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });

/** Synthesize stacks in a fresh app and read them back as the runner would. */
function synthStacks(build: (app: App) => void): Array<{ name: string; json: Record<string, any> }> {
  const app = Testing.app();
  build(app);
  return app.node.children.map((stack) => ({ name: stack.node.id, json: synthesize(stack as TerraformStack).json }));
}

describe("stack classification", () => {
  it.each([
    ["data-eu", "regional", "eu"],
    ["cdc-eu", "regional", "eu"],
    ["central", "central", undefined],
    ["warehouse", "warehouse", undefined],
    ["tools", "other", undefined],
  ])("classifies %s as %s", (stack, kind, region) => {
    expect(classifyStack(stack, manifest)).toEqual(region ? { kind, regionId: region } : { kind });
  });

  it("allows a regional stack its primary and backup AWS regions", () => {
    expect(new StackContext("cdc-jp", {}, manifest).allowedRegions).toEqual(["ap-northeast-1", "ap-northeast-3"]);
  });
});

describe("effective region", () => {
  it("is the resource's own region argument before its provider's", () => {
    const ctx = new StackContext("data-eu", stackJson("data-eu", one("aws_sqs_queue", "Q", { region: "eu-west-1" })), manifest);
    expect(ctx.effectiveRegion(ctx.resources[0]!)).toBe("eu-west-1");
  });

  it("is the aliased provider's region for provider = aws.backup", () => {
    const ctx = new StackContext("data-eu", stackJson("data-eu", one("aws_sqs_queue", "Q", { provider: "aws.backup" })), manifest);
    expect(ctx.effectiveRegion(ctx.resources[0]!)).toBe("eu-west-1");
  });

  it("is the default provider's region otherwise", () => {
    const ctx = new StackContext("data-eu", stackJson("data-eu", one("aws_sqs_queue", "Q", {})), manifest);
    expect(ctx.effectiveRegion(ctx.resources[0]!)).toBe("eu-central-1");
  });
});

describe("data sources", () => {
  it("are not held to resource rules: a lookup of another stack's database is not this stack's to fix", () => {
    const json = { ...stackJson("cdc-eu", {}), provider: { aws: [{ region: "eu-central-1" }] }, data: { aws_db_instance: { Shard001: { db_instance_identifier: "rk-eu-shard-001" } } } };
    const result = runGuardrails([{ name: "cdc-eu", json }], { manifest });
    // Only the residency analysis reads data sources (where they look, what they name); resource rules do not.
    const onData = result.stacks[0]!.findings.filter((f) => f.address.startsWith("data."));
    expect(onData.length).toBeGreaterThan(0);
    expect(onData.filter((f) => !f.ruleId.startsWith("RK-RES-"))).toEqual([]);
    expect(openFindings(result, "error")).toEqual([]);
  });
});

describe("exceptions", () => {
  const run = (exceptions: GuardrailException[], resources = multiRegionKey) =>
    runGuardrails([{ name: "data-eu", json: stackJson("data-eu", resources) }], { manifest, exceptions });

  it("fails on an error that no exception covers", () => {
    const result = run([]);
    expect(hasErrors(result)).toBe(true);
    expect(openFindings(result, "error").map((f) => [f.ruleId, f.address])).toEqual([["RK-RES-007", "aws_kms_key.K"]]);
  });

  it("passes when an exception names the rule and the resource with a reason", () => {
    const result = run([ex({ rule: "RK-RES-007", stack: "data-eu", resource: "aws_kms_key.K", reason: "reviewed: key replicas are never created" })]);
    expect(hasErrors(result)).toBe(false);
    const f = result.stacks[0]!.findings.find((x) => x.ruleId === "RK-RES-007")!;
    expect(f).toMatchObject({ status: "non-compliant", exception: { reason: "reviewed: key replicas are never created", source: "test" } });
  });

  it("matches resource and stack globs", () => {
    expect(hasErrors(run([ex({ rule: "RK-RES-007", stack: "data-*", resource: "aws_kms_key.*", reason: "reviewed by the security team" })]))).toBe(false);
  });

  it("does not cover another stack, rule or resource", () => {
    for (const e of [
      ex({ rule: "RK-RES-007", stack: "data-us", resource: "aws_kms_key.K", reason: "reviewed by the security team" }),
      ex({ rule: "RK-SEC-035", resource: "aws_kms_key.K", reason: "reviewed by the security team" }),
      ex({ rule: "RK-RES-007", resource: "aws_kms_key.Other", reason: "reviewed by the security team" }),
    ])
      expect(hasErrors(run([e]))).toBe(true);
  });

  it("fails when an exception's reason is shorter than 10 characters", () => {
    const result = run([ex({ rule: "RK-RES-007", resource: "aws_kms_key.K", reason: "because" })]);
    expect(hasErrors(result)).toBe(true);
    expect(result.exceptionErrors.join("\n")).toMatch(/RK-RES-007 on aws_kms_key\.K.*at least 10 characters/);
  });

  it("fails when an exception has no reason or an unknown rule id", () => {
    const result = run([{ rule: "RK-SEC-999", resource: "x", source: "test" } as unknown as GuardrailException]);
    expect(result.exceptionErrors).toHaveLength(2);
    expect(result.exceptionErrors.join("\n")).toMatch(/unknown rule id "RK-SEC-999"/);
  });

  it("reports an exception that matches nothing as stale", () => {
    const result = run([ex({ rule: "RK-RES-007", resource: "aws_kms_key.Gone", reason: "reviewed by the security team" })], one("aws_sqs_queue", "Q", {}));
    expect(result.unusedExceptions.map((e) => e.resource)).toEqual(["aws_kms_key.Gone"]);
    expect(formatResult(result)).toMatch(/exception RK-RES-007 .*aws_kms_key\.Gone.* matches nothing/);
  });

  it("reads exceptions from the manifest's exceptions field", () => {
    const m = manifestOf(`${DEFAULT_MANIFEST_TEXT.trimEnd()}\nexceptions:\n  - rule: RK-RES-007\n    stack: data-eu\n    resource: aws_kms_key.K\n    reason: reviewed by the security team\n`);
    const result = runGuardrails([{ name: "data-eu", json: stackJson("data-eu", multiRegionKey) }], { manifest: m, exceptions: manifestExceptions(m, "regions.yaml") });
    expect(hasErrors(result)).toBe(false);
    expect(result.stacks[0]!.findings.find((f) => f.exception)?.exception?.source).toBe("regions.yaml");
  });
});

describe("the event-log sink exception", () => {
  const config = (patch: Record<string, string | undefined> = {}) => {
    const c: Record<string, string | undefined> = {
      "connector.class": "com.snowflake.kafka.connector.SnowflakeSinkConnector",
      topics: "eu.events",
      "snowflake.topic2table.map": "eu.events:EVENTS_EU",
      "snowflake.database.name": "REGIONKIT",
      "snowflake.schema.name": "EVENTS",
      "snowflake.url.name": "$${secretsmanager:rk-eu-event-sink-snowflake:url}",
      "snowflake.user.name": "$${secretsmanager:rk-eu-event-sink-snowflake:user}",
      "tasks.max": "2",
      ...patch,
    };
    return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
  };
  const sink = (name: string, patch: Record<string, string | undefined> = {}) => ({
    ...one("aws_msk_cluster", "Kafka", { cluster_name: "rk-eu-kafka" }),
    ...one("aws_mskconnect_connector", "EventSink", {
      name,
      kafka_cluster: { apache_kafka_cluster: { bootstrap_servers: "${aws_msk_cluster.Kafka.bootstrap_brokers_sasl_iam}" } },
      kafka_cluster_encryption_in_transit: { encryption_type: "TLS" },
      kafka_cluster_client_authentication: { authentication_type: "IAM" },
      connector_configuration: config(patch),
    }),
  });
  const sinkErrors = (resources: ReturnType<typeof sink>, stack = "data-eu") =>
    openFindings(runGuardrails([{ name: stack, json: stackJson(stack, resources) }], { manifest }), "error").filter((f) => f.ruleId === "RK-RES-015");

  it("is declared in code with a reason, bound to content", () => {
    expect(CODE_EXCEPTIONS.map((e) => [e.rule, e.stack, e.resource, typeof e.holds])).toEqual([
      ["RK-RES-015", "data-*", "aws_mskconnect_connector.*", "function"],
      ["RK-RES-015", "cdc-*", "kubernetes_manifest.*", "function"],
      ...["RK-RES-001", "RK-RES-002"].flatMap((rule) => ["aws_vpc_endpoint.*", "aws_route53_zone.*", "aws_route53_record.*"].map((r) => [rule, "data-*", r, "function"])),
    ]);
    for (const e of CODE_EXCEPTIONS) expect(e.reason.length).toBeGreaterThanOrEqual(10);
  });

  it("excepts a connector shipping exactly <id>.events into the region's events table, whatever its name", () => {
    for (const name of ["rk-eu-event-sink", "events-to-warehouse"]) {
      const result = runGuardrails([{ name: "data-eu", json: stackJson("data-eu", sink(name)) }], { manifest });
      expect(result.stacks[0]!.findings.filter((f) => f.ruleId === "RK-RES-015" && f.exception).map((f) => f.address)).toEqual(["aws_mskconnect_connector.EventSink"]);
      expect(sinkErrors(sink(name))).toEqual([]);
    }
  });

  it("fails a connector named like the sink that ships anything else", () => {
    for (const patch of [
      { topics: "eu.events,eu.cdc.block" },
      { topics: undefined, "topics.regex": "eu\\..*" },
      { "snowflake.topic2table.map": "eu.events:EVENTS_US" },
      { "snowflake.schema.name": "RAW" },
      { "snowflake.url.name": "https://evil.snowflakecomputing.com" },
      { transforms: "route" },
    ])
      expect(sinkErrors(sink("rk-eu-event-sink", patch)).map((f) => f.address), JSON.stringify(patch)).toEqual(["aws_mskconnect_connector.EventSink"]);
  });

  it("excepts a Strimzi KafkaConnector with the same content in cdc-<id>, and fails it with other topics", () => {
    const k8s = (topics: string) =>
      one("kubernetes_manifest", "Sink", {
        manifest: {
          apiVersion: "kafka.strimzi.io/v1beta2",
          kind: "KafkaConnector",
          metadata: { name: "anything" },
          spec: { class: "com.snowflake.kafka.connector.SnowflakeSinkConnector", config: { ...config({ topics, "connector.class": undefined }) } },
        },
      });
    const ok = runGuardrails([{ name: "cdc-eu", json: stackJson("cdc-eu", k8s("eu.events")) }], { manifest });
    expect(openFindings(ok, "error").filter((f) => f.ruleId === "RK-RES-015")).toEqual([]);
    expect(ok.stacks[0]!.findings.some((f) => f.ruleId === "RK-RES-015" && f.exception)).toBe(true);
    const bad = runGuardrails([{ name: "cdc-eu", json: stackJson("cdc-eu", k8s("eu.cdc.block")) }], { manifest });
    expect(openFindings(bad, "error").filter((f) => f.ruleId === "RK-RES-015").map((f) => f.address)).toEqual(["kubernetes_manifest.Sink"]);
  });
});

describe("the kit's own synth", () => {
  it("has zero unexcepted errors for the default manifest", () => {
    const stacks = [...synthApp(manifest)].map(([name, s]) => ({ name, json: s.json }));
    const result = runGuardrails(stacks, { manifest });
    expect(result.exceptionErrors).toEqual([]);
    expect(openFindings(result, "error").map((f) => `${f.stack} ${f.address} ${f.ruleId}`)).toEqual([]);
  });

  it("fails naming the rule and resource when an override breaks a secure default", () => {
    const stacks = synthStacks((app) => {
      const eu = new RegionalDataStack(app, { region: manifest.regions.find((r) => r.id === "eu")!, central: manifest.central });
      eu.keys.lake.key.addOverride("multi_region", true);
      eu.keys.lake.key.addOverride("enable_key_rotation", false);
    });
    const result = runGuardrails(stacks, { manifest });
    const text = formatResult(result);
    expect(hasErrors(result)).toBe(true);
    expect(text).toMatch(/ERROR data-eu aws_kms_key\.Keys_Lake_\w+ \[RK-RES-007 kms-single-region\]: multi_region is true/);
    expect(text).toMatch(/ERROR data-eu aws_kms_key\.Keys_Lake_\w+ \[RK-SEC-035 kms-key-rotation\]/);
    expect(text).toMatch(/fix: Use RegionalKey/);
  });

  it("fails when a regional stack gains a reference to another region", () => {
    const stacks = synthStacks((app) => {
      const eu = new RegionalDataStack(app, { region: manifest.regions.find((r) => r.id === "eu")!, central: manifest.central });
      eu.network.vpc.addOverride("ipv4_ipam_pool_id", "arn:aws:ec2:us-west-2:111111111111:ipam-pool/ipam-pool-1");
    });
    const errors = openFindings(runGuardrails(stacks, { manifest }), "error");
    expect(errors.map((f) => [f.stack, f.ruleId, f.address.split("_")[0]])).toEqual([["data-eu", "RK-RES-002", "aws"]]);
    expect(errors[0]!.detail).toMatch(/us-west-2.*111111111111/);
  });

  it("fails when a resource is moved to another jurisdiction's region", () => {
    const stacks = synthStacks((app) => {
      const kr = new RegionalDataStack(app, { region: manifest.regions.find((r) => r.id === "kr")!, central: manifest.central });
      kr.network.flowLogGroup.addOverride("region", "us-east-1");
    });
    const errors = openFindings(runGuardrails(stacks, { manifest }), "error");
    expect(errors.map((f) => f.ruleId)).toContain("RK-RES-001");
  });

  it("runs every rule on the default synth (timings: npm run bench)", () => {
    const stacks = [...synthApp(manifest)].map(([name, s]) => ({ name, json: s.json }));
    const result = runGuardrails(stacks, { manifest });
    expect(result.rules).toHaveLength(ALL_RULES.length);
  });
});

describe("the event sink's PrivateLink path to the warehouse", () => {
  const w = manifest.central.warehouse!;
  const endpoint = (attrs: Record<string, unknown>) =>
    one("aws_vpc_endpoint", "Endpoint", { vpc_id: "${aws_vpc.V.id}", vpc_endpoint_type: "Interface", service_name: w.privateLinkServiceName, service_region: w.privateLinkServiceName.split(".")[3], ...attrs });
  // The private zone of this stack's VPC, as constructs/event-log WarehouseEndpoint builds it.
  const zone = (vpc: Record<string, unknown> = { vpc_id: "${aws_vpc.V.id}" }) =>
    merge(one("aws_vpc", "V", { cidr_block: "10.20.0.0/16" }), one("aws_route53_zone", "Z", { name: "privatelink.snowflakecomputing.com", vpc: [vpc] }));
  const record = (name: string, type = "CNAME", target = "${aws_vpc_endpoint.Endpoint.dns_entry[0].dns_name}") =>
    one("aws_route53_record", "R", { zone_id: "${aws_route53_zone.Z.zone_id}", name, type, ttl: 300, records: [target] });
  const residencyErrors = (resources: Record<string, any>) =>
    openFindings(runGuardrails([{ name: "data-eu", json: stackJson("data-eu", resources) }], { manifest }), "error").filter((f) => f.ruleId.startsWith("RK-RES-"));

  it("excepts the endpoint to exactly the manifest's service and the account's CNAME records", () => {
    expect(residencyErrors(merge(endpoint({}), zone(), record(w.accountHost)))).toEqual([]);
    expect(residencyErrors(merge(endpoint({}), zone(), record(`ocsp.${w.accountHost}`)))).toEqual([]);
  });

  it("fails an account record at a literal endpoint host, or a zone also bound to another VPC", () => {
    const literal = `vpce-0abc-def.${w.privateLinkServiceName.split(".").slice(4).join(".")}.us-west-2.vpce.amazonaws.com`;
    expect(residencyErrors(merge(endpoint({}), zone(), record(w.accountHost, "CNAME", literal))).map((f) => f.ruleId)).toEqual(expect.arrayContaining(["RK-RES-002", "RK-RES-019"]));
    expect(residencyErrors(merge(endpoint({}), zone({ vpc_id: "vpc-0123456789abcdef0", vpc_region: "us-east-1" }), record(w.accountHost))).map((f) => f.ruleId)).toContain("RK-RES-019");
  });

  it("fails an endpoint to another service, or in another region than the service's", () => {
    const other = w.privateLinkServiceName.replace(/vpce-svc-[0-9a-f]+/, "vpce-svc-0fffffffffffffff0");
    expect(residencyErrors(endpoint({ service_name: other })).map((f) => f.ruleId)).toContain("RK-RES-002");
    expect(residencyErrors(endpoint({ service_region: "us-east-1" })).length).toBeGreaterThan(0);
  });

  it("fails a record for another host or of another type", () => {
    expect(residencyErrors(record(w.accountHost.replace(/^[^.]+/, "other"))).map((f) => f.ruleId)).toContain("RK-RES-002");
    expect(residencyErrors(record(w.accountHost, "A")).map((f) => f.ruleId)).toContain("RK-RES-002");
  });
});
