import { describe, expect, it } from "vitest";
import { manifestOf, regionalStack, synthRegion } from "../helpers.js";

/**
 * Every IAM, resource and data-access policy of the processing blocks (search,
 * vector store, Spark) names only its own region's resources: literal ARNs
 * carry this region's AWS region and account (or are IAM ARNs of this account,
 * or AWS-managed policies), references point into the same stack, and no Allow
 * statement grants on "*".
 */

const manifest = manifestOf();
const OWNERS = ["Search_", "Vectors_", "Spark_"];
const POLICY_FIELDS: Record<string, string[]> = {
  aws_iam_role: ["assume_role_policy"],
  aws_iam_role_policy: ["policy"],
  aws_opensearch_domain: ["access_policies"],
  aws_cloudwatch_log_resource_policy: ["policy_document"],
  aws_opensearchserverless_access_policy: ["policy"],
  aws_opensearchserverless_security_policy: ["policy"],
  aws_s3_bucket_policy: ["policy"],
  aws_emr_security_configuration: ["configuration"],
  aws_ssm_parameter: ["value"],
};

describe.each(manifest.regions.map((r) => r.id))("policies of the processing blocks in data-%s", (id) => {
  const region = manifest.regions.find((r) => r.id === id)!;
  const s = synthRegion(id, manifest);
  const docs = Object.entries(POLICY_FIELDS).flatMap(([type, fields]) =>
    Object.entries(s.resources(type))
      .filter(([name]) => OWNERS.some((o) => name.startsWith(o)) || (type === "aws_s3_bucket_policy" && name.startsWith("DataLake_Logs")))
      .flatMap(([name, r]) => fields.filter((f) => typeof r[f] === "string").map((f) => ({ where: `${type}.${name}.${f}`, text: r[f] as string }))),
  );

  it("has policies to check", () => {
    expect(docs.length).toBeGreaterThan(10);
  });

  it("names only ARNs of this region and account, or AWS-managed policies", () => {
    const own = [`:${region.awsRegion}:${region.accountId}:`, `arn:aws:iam::${region.accountId}:`, "arn:aws:iam::aws:policy/"];
    for (const { where, text } of docs) {
      for (const arn of text.match(/arn:aws:[a-z0-9-]+:[a-z0-9-]*:[a-z0-9]*:/g) ?? []) {
        expect(
          own.some((o) => arn.includes(o) || arn.startsWith(o)),
          `${where}: ${arn}`,
        ).toBe(true);
      }
    }
  });

  it("mentions no other region's AWS region or account", () => {
    for (const other of manifest.regions.filter((r) => r.id !== id)) {
      for (const { where, text } of docs) {
        expect(text, where).not.toContain(`:${other.awsRegion}:`);
        expect(text, where).not.toContain(`.${other.awsRegion}.`);
        if (other.accountId !== region.accountId) expect(text, where).not.toContain(other.accountId);
      }
    }
  });

  it("never allows an action on every resource", () => {
    for (const { where, text } of docs.filter((d) => d.where.startsWith("aws_iam_role_policy") || d.where.includes("access_policies"))) {
      for (const statement of JSON.parse(text).Statement) {
        if (statement.Effect === "Allow") expect([statement.Resource].flat(), where).not.toContain("*");
      }
    }
  });
});

describe("stateful processing resources in data-eu", () => {
  it("keep their Terraform addresses (a renamed construct id would destroy and re-create them)", () => {
    const eu = synthRegion("eu", manifest);
    expect(Object.keys(eu.resources("aws_opensearchserverless_collection"))).toEqual(["Vectors_F49AECB1"]);
    for (const type of ["aws_opensearch_domain", "aws_opensearchserverless_collection"]) {
      for (const r of Object.values(eu.resources(type))) expect(r.lifecycle.prevent_destroy, type).toBe(true);
    }
  });
});

describe("RegionalDataStack processing blocks", () => {
  it("exposes search, vector and spark, built for the stack's own region", () => {
    const stack = regionalStack(manifest, "jp");
    expect(stack.search.domainName).toBe(stack.names.searchDomainName);
    expect(stack.vector.collectionName).toBe(stack.names.vectorCollectionName);
    expect(stack.spark.clusterName).toBe(stack.names.emrClusterName);
    expect(Object.values(stack.spark.specs).every((spec) => spec.region === "jp" && spec.awsRegion === "ap-northeast-1")).toBe(true);
  });
});
