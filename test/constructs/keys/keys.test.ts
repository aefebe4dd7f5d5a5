import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import type { PolicyStatement } from "../../../constructs/iam/policy.js";
import { KEY_DOMAINS } from "../../../constructs/keys/index.js";
import { foreignPrincipals, RegionalKey } from "../../../constructs/keys/regional-key.js";
import { regionResolver } from "../../../regions/resolvers.js";
import { manifestOf, policyOf, synthRegion } from "../../helpers.js";

const manifest = manifestOf();
const eu = synthRegion("eu", manifest);
const names = regionResolver(manifest, "eu");
const regionKeys = Object.entries(eu.resources("aws_kms_key")).filter(([address]) => address.startsWith("Keys_"));

const keyProps = (extra: object) => ({ aliasName: "rk-eu-key-test", description: "test", accountId: "222222222222", awsRegion: "eu-central-1", ...extra });
const newKey = (extra: object) => new RegionalKey(new TerraformStack(Testing.app(), "test"), "Key", keyProps(extra));

describe("RegionKeys", () => {
  it("creates one key per data domain with an alias from the naming helper", () => {
    expect(regionKeys).toHaveLength(KEY_DOMAINS.length);
    // RegionKeys' own aliases (other blocks, e.g. the alarms' notification key, add theirs elsewhere in the stack).
    const aliases = Object.entries(eu.resources("aws_kms_alias"))
      .filter(([address, a]) => address.startsWith("Keys_") && a.name.startsWith("alias/rk-eu-key-"))
      .map(([, a]) => a.name);
    expect(aliases.sort()).toEqual(KEY_DOMAINS.map((d) => `alias/${names.name("key", [d], "kmsAlias")}`).sort());
    expect(KEY_DOMAINS).toEqual(expect.arrayContaining(["database", "lake", "streaming", "search", "logs"]));
  });

  it.each(KEY_DOMAINS)("makes the %s key single-region, rotated, 30-day deletion window, prevent_destroy", (domain) => {
    const [, key] = regionKeys.find(([address]) => address.toLowerCase().startsWith(`keys_${domain}_`))!;
    expect(key).toMatchObject({ multi_region: false, enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
  });

  it("names only this region's account and services in every key policy", () => {
    for (const [, key] of regionKeys) {
      const statements = policyOf(key.policy).Statement;
      for (const s of statements) {
        for (const aws of [s.Principal?.AWS ?? []].flat()) expect(aws).toBe("arn:aws:iam::222222222222:root");
        for (const service of [s.Principal?.Service ?? []].flat()) expect(service).toBe("logs.eu-central-1.amazonaws.com");
      }
      expect(statements[0]).toMatchObject({ Sid: "AccountAdministration", Principal: { AWS: "arn:aws:iam::222222222222:root" } });
    }
  });

  it("lets CloudWatch Logs use the logs key only for this account's log groups in this region", () => {
    const [, logs] = regionKeys.find(([address]) => address.startsWith("Keys_Logs_"))!;
    const statement = policyOf(logs.policy).Statement.find((s) => s.Sid === "RegionalCloudWatchLogs")!;
    expect(statement.Condition).toEqual({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-central-1:222222222222:log-group:*" } });
  });

  it("gives no other key a service principal", () => {
    for (const [address, key] of regionKeys.filter(([a]) => !a.startsWith("Keys_Logs_")))
      expect(policyOf(key.policy).Statement.map((s) => Object.keys(s.Principal ?? {})), address).toEqual([["AWS"]]);
  });
});

describe("RegionalKey key-policy principals", () => {
  it("accepts this account's principals and this region's or global service principals", () => {
    const statements: PolicyStatement[] = [
      { Effect: "Allow" as const, Principal: { AWS: "arn:aws:iam::222222222222:role/x" }, Action: "kms:Decrypt", Resource: "*" },
      { Effect: "Allow" as const, Principal: { Service: ["logs.eu-central-1.amazonaws.com", "s3.amazonaws.com"] }, Action: "kms:Decrypt", Resource: "*" },
      { Effect: "Deny" as const, Principal: "*" as const, Action: "kms:*", Resource: "*" },
    ];
    expect(foreignPrincipals(statements, "222222222222", "eu-central-1")).toEqual([]);
  });

  it("fails on an AWS principal of another account", () => {
    expect(() => newKey({ extraStatements: [{ Sid: "Other", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:Decrypt", Resource: "*" }] })).toThrow(
      /statement Other: AWS principal "arn:aws:iam::111111111111:root" is not in account 222222222222/,
    );
  });

  it("fails on a service principal of another AWS region", () => {
    expect(() => newKey({ extraStatements: [{ Sid: "Logs", Effect: "Allow", Principal: { Service: "logs.us-west-2.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" }] })).toThrow(
      /service principal "logs.us-west-2.amazonaws.com" is of AWS region us-west-2, not eu-central-1/,
    );
  });

  it("fails on an Allow to everyone and reports every problem at once", () => {
    const statements: PolicyStatement[] = [
      { Sid: "Everyone", Effect: "Allow" as const, Principal: "*" as const, Action: "kms:Decrypt", Resource: "*" },
      { Sid: "Federated", Effect: "Allow" as const, Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*" },
    ];
    const problems = foreignPrincipals(statements, "222222222222", "eu-central-1");
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('statement Everyone: Principal "*"');
    expect(problems[1]).toContain("statement Federated: Federated principals are not allowed");
  });

  it("creates the key and its alias through the given provider (backup region)", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const backup = new AwsProvider(stack, "backup", { region: "eu-west-1", alias: "backup" });
    new RegionalKey(stack, "Key", { ...keyProps({}), awsRegion: "eu-west-1", provider: backup });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.values(json.resource.aws_kms_key).map((k: any) => k.provider)).toEqual(["aws.backup"]);
    expect(Object.values(json.resource.aws_kms_alias).map((k: any) => k.provider)).toEqual(["aws.backup"]);
  });
});
