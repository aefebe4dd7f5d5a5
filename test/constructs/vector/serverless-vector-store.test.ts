import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { TerraformOutput } from "cdktf";
import { describe, expect, it } from "vitest";
import { ServerlessVectorStore, type VectorStore } from "../../../constructs/vector/index.js";
import { manifestOf, manifestWithRegion, policyOf, regionalStack, synthesize } from "../../helpers.js";

const manifest = manifestOf();

/** data-<id> with a vector store of its own and one writer role, outside the stack's wiring. */
function withStore(regionId = "eu", m = manifest, grant = true) {
  const stack = regionalStack(m, regionId);
  const writer = new IamRole(stack, "TestWriter", { name: "test-writer", assumeRolePolicy: "{}" });
  const store = new ServerlessVectorStore(stack, "TestVectors", { names: stack.names, key: stack.keys.search, network: stack.network });
  if (grant) store.grantWrite(writer);
  return { stack, store, s: synthesize(stack) };
}

const { s: eu } = withStore();
const own = (type: string) => Object.entries(eu.resources(type)).filter(([name]) => name.startsWith("TestVectors_"));
const collection = own("aws_opensearchserverless_collection")[0]![1];
const policies = Object.fromEntries(own("aws_opensearchserverless_security_policy").map(([, p]) => [p.type, p]));
const endpointName = own("aws_opensearchserverless_vpc_endpoint")[0]![0];

describe("ServerlessVectorStore", () => {
  it("is a VECTORSEARCH collection named by the resolver, kept on destroy", () => {
    expect(collection).toMatchObject({ name: "rk-eu-vectors", type: "VECTORSEARCH" });
    expect(collection.lifecycle.prevent_destroy).toBe(true);
  });

  it("takes standby replicas from the manifest", () => {
    expect(collection.standby_replicas).toBe("ENABLED");
    const off = manifestWithRegion("  - id: xx\n    jurisdiction: EU\n    awsRegion: eu-north-1\n    cidr: 10.90.0.0/16\n    vector:\n      standbyReplicas: false\n");
    const xx = withStore("xx", off).s;
    expect(Object.entries(xx.resources("aws_opensearchserverless_collection")).find(([n]) => n.startsWith("TestVectors_"))![1].standby_replicas).toBe("DISABLED");
  });

  it("encrypts the collection with the region's search key, not an AWS-owned key", () => {
    const policy = JSON.parse(policies.encryption.policy);
    expect(policy.AWSOwnedKey).toBe(false);
    expect(policy.KmsARN).toMatch(/^\$\{aws_kms_key\.Keys_Search_[A-F0-9]+\.arn\}$/);
    expect(policy.Rules).toEqual([{ ResourceType: "collection", Resource: ["collection/rk-eu-vectors"] }]);
  });

  it("allows network access only from this region's VPC endpoint, never from public", () => {
    const rules = JSON.parse(policies.network.policy);
    expect(rules).toHaveLength(1);
    expect(rules[0].AllowFromPublic).toBe(false);
    expect(rules[0].SourceVPCEs).toEqual([`\${aws_opensearchserverless_vpc_endpoint.${endpointName}.id}`]);
    expect(rules[0].Rules).toEqual([{ ResourceType: "collection", Resource: ["collection/rk-eu-vectors"] }]);
  });

  it("puts the VPC endpoint in the app subnets behind the HTTPS-from-VPC endpoint security group", () => {
    const endpoint = own("aws_opensearchserverless_vpc_endpoint")[0]![1];
    const appSubnets = Object.entries(eu.resources("aws_subnet"))
      .filter(([, s]) => s.tags["regionkit:tier"] === "app")
      .map(([name]) => `\${aws_subnet.${name}.id}`);
    expect(endpoint.subnet_ids).toEqual(appSubnets);
    expect(endpoint.security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\.Network_EndpointSecurityGroup_[A-F0-9]+\.id\}$/)]);
  });

  it("creates the collection only after its encryption and network policies", () => {
    expect(collection.depends_on.sort()).toEqual(
      own("aws_opensearchserverless_security_policy")
        .map(([name]) => `aws_opensearchserverless_security_policy.${name}`)
        .sort(),
    );
  });

  it("lets the granted writer write, and the reader role only read", () => {
    const [access] = own("aws_opensearchserverless_access_policy").map(([, p]) => p);
    expect(access.type).toBe("data");
    const rules = JSON.parse(access.policy);
    expect(rules).toHaveLength(2);
    expect(rules[0].Principal).toEqual([expect.stringMatching(/^\$\{aws_iam_role\.TestWriter\.arn\}$/)]);
    expect(rules[1].Principal).toEqual([`\${aws_iam_role.${own("aws_iam_role")[0]![0]}.arn}`]);
    for (const rule of rules.flatMap((r: { Rules: unknown[] }) => r.Rules)) {
      expect(rule.Resource.every((r: string) => r === "collection/rk-eu-vectors" || r === "index/rk-eu-vectors/*")).toBe(true);
      expect(rule.Permission.some((p: string) => p === "aoss:*" || p.endsWith("Delete") || p.includes("DeleteCollection"))).toBe(false);
    }
    const readerPermissions = rules[1].Rules.flatMap((r: { Permission: string[] }) => r.Permission);
    expect(readerPermissions.sort()).toEqual(["aoss:DescribeCollectionItems", "aoss:DescribeIndex", "aoss:ReadDocument"]);
  });

  it("has a reader role for the product's AI retrieval path, assumable only by this account's roles tagged for it", () => {
    const [, role] = own("aws_iam_role")[0]!;
    expect(role.name).toBe("rk-eu-vector-reader");
    expect(policyOf(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::222222222222:root" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalTag/regionkit:reader": "vector", "aws:PrincipalAccount": "222222222222" } },
      },
    ]);
  });

  it("gives the granted role API access to this collection only", () => {
    const grant = own("aws_iam_role_policy").find(([, p]) => p.role === "${aws_iam_role.TestWriter.id}")![1];
    expect(policyOf(grant.policy).Statement).toEqual([
      { Effect: "Allow", Action: "aoss:APIAccessAll", Resource: `\${aws_opensearchserverless_collection.${own("aws_opensearchserverless_collection")[0]![0]}.arn}` },
    ]);
  });

  it("fails validation when no role was granted write access", () => {
    const { store } = withStore("eu", manifest, false);
    expect(store.node.validate().join("\n")).toMatch(/rk-eu-vectors has no writer: call grantWrite/);
  });

  it("exposes only the small VectorStore interface the jobs need", () => {
    const stack = regionalStack(manifest, "eu");
    const view: VectorStore = new ServerlessVectorStore(stack, "TestVectors", { names: stack.names, key: stack.keys.search, network: stack.network });
    new TerraformOutput(stack, "Endpoint", { value: view.endpoint });
    expect(view.engine).toBe("opensearch-serverless");
    expect(view.collectionName).toBe("rk-eu-vectors");
    expect(synthesize(stack).json.output.Endpoint.value).toMatch(/^\$\{aws_opensearchserverless_collection\.TestVectors_[A-F0-9_]+\.collection_endpoint\}$/);
  });
});
