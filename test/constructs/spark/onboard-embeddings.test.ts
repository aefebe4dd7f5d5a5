import { describe, expect, it } from "vitest";
import { EMBEDDED_TABLES, sparkJobAccess, sparkJobSpecs } from "../../../constructs/spark/job-specs.js";
import { ONBOARDING_JOB } from "../../../regions/resolvers.js";
import { manifestOf, regionResolver } from "../../helpers.js";

const manifest = manifestOf();

describe("onboard-embeddings job spec", () => {
  it.each(manifest.regions.map((r) => r.id))("reads region %s's lake tables and writes only its own vector store", (id) => {
    const names = regionResolver(manifest, id);
    const spec = sparkJobSpecs(names)[ONBOARDING_JOB];
    expect(spec).toMatchObject({ name: "onboard-embeddings", region: id, awsRegion: names.region.awsRegion, cluster: names.emrClusterName, executionRoleArn: names.sparkJobRoleArn(ONBOARDING_JOB) });
    const arg = (flag: string) => spec.args[spec.args.indexOf(flag) + 1];
    expect(arg("--table-base")).toBe(`s3://${names.lakeBucket("lake")}/tables/`);
    expect(arg("--tables")).toBe(EMBEDDED_TABLES.join(","));
    expect(arg("--vector-collection")).toBe(names.vectorCollectionName);
    // The workspaces come from the orchestrator after the gate, never from the spec.
    expect(spec.args).not.toContain("--workspace-ids");
    const access = sparkJobAccess(names)[ONBOARDING_JOB];
    expect(access).toMatchObject({ readTopics: [], write: [], vectorWrite: true, searchWrite: false });
    expect(access.read.map((l) => `${l.bucket}:${l.prefix}`)).toEqual([`artifacts:jobs/${ONBOARDING_JOB}/`, "lake:tables/"]);
  });
});
