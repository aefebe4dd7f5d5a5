import { describe, expect, it } from "vitest";
import { manifestIssues, minimalManifestYaml } from "../helpers.js";

const EU = `  - id: eu\n    jurisdiction: EU\n    awsRegion: eu-central-1\n    cidr: 10.20.0.0/16\n`;
const withSearch = (block: string) => minimalManifestYaml(`${EU}    search:\n${block}`);

const issuesOf = manifestIssues;

describe("search sizing checks", () => {
  it("accepts three data nodes and three or five masters", () => {
    expect(issuesOf(withSearch("      dataInstanceCount: 3\n      masterInstanceCount: 3\n"))).toEqual([]);
    expect(issuesOf(withSearch("      dataInstanceCount: 6\n      masterInstanceCount: 5\n"))).toEqual([]);
  });

  it.each([1, 2])("fails on %i data nodes, fewer than one per zone", (count) => {
    const issues = issuesOf(withSearch(`      dataInstanceCount: ${count}\n`));
    expect(issues).toEqual([expect.objectContaining({ code: "search-data-nodes", path: "regions[0].search.dataInstanceCount" })]);
    expect(issues[0]!.message).toContain(`dataInstanceCount ${count}`);
    expect(issues[0]!.message).toContain("at least 3");
  });

  it.each([1, 2, 4, 6])("fails on %i dedicated masters, not an odd number >= 3", (count) => {
    const issues = issuesOf(withSearch(`      masterInstanceCount: ${count}\n`));
    expect(issues).toEqual([expect.objectContaining({ code: "search-master-nodes", path: "regions[0].search.masterInstanceCount" })]);
    expect(issues[0]!.message).toContain(`masterInstanceCount ${count}`);
  });

  it("fails with both search problems at once", () => {
    const codes = issuesOf(withSearch("      dataInstanceCount: 2\n      masterInstanceCount: 2\n")).map((i) => i.code);
    expect(codes.sort()).toEqual(["search-data-nodes", "search-master-nodes"]);
  });
});
