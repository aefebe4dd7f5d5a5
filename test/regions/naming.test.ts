import { describe, expect, it } from "vitest";
import { label, NAME_LIMITS, sanitizePart, shortHash } from "../../regions/naming.js";

describe("label", () => {
  it("joins namespace, region, component and qualifiers in that order with -", () => {
    expect(label({ namespace: "rk", region: "eu", component: "lake", qualifiers: ["raw", "222222222222"] })).toBe("rk-eu-lake-raw-222222222222");
  });

  it("lower-cases and strips characters outside a-z, 0-9 and -", () => {
    expect(label({ namespace: "rk", region: "EU", component: "Lake_Zone!", qualifiers: ["a..b"] })).toBe("rk-eu-lake-zone-a-b");
    expect(sanitizePart("--x__y--")).toBe("x-y");
  });

  it("leaves a name within the service limit untouched", () => {
    const name = label({ namespace: "rk", region: "eu", component: "search" }, "openSearchDomain");
    expect(name).toBe("rk-eu-search");
  });

  it("truncates to the service limit and appends a hash of the full name", () => {
    const parts = { namespace: "rk", region: "apac-south-2", component: "search-replica", qualifiers: ["primary"] };
    const name = label(parts, "openSearchDomain");
    expect(name.length).toBeLessThanOrEqual(NAME_LIMITS.openSearchDomain);
    expect(name).toMatch(/^rk-apac-south-2-sea.*-[0-9a-f]{6}$/);
    expect(name.endsWith(shortHash("rk-apac-south-2-search-replica-primary"))).toBe(true);
  });

  it("keeps two long names that share a prefix distinct after truncation", () => {
    const a = label({ namespace: "rk", region: "eu", component: "x".repeat(80), qualifiers: ["a"] }, "s3Bucket");
    const b = label({ namespace: "rk", region: "eu", component: "x".repeat(80), qualifiers: ["b"] }, "s3Bucket");
    expect(a).not.toBe(b);
    expect(a.length).toBe(NAME_LIMITS.s3Bucket);
  });

  it("never ends the truncated part with a hyphen", () => {
    const name = label({ namespace: "rk", region: "eu", component: "a".repeat(20), qualifiers: ["b".repeat(20)] }, "openSearchDomain");
    expect(name).not.toMatch(/--/);
  });

  it("is deterministic", () => {
    const parts = { namespace: "rk", region: "jp", component: "y".repeat(100) };
    expect(label(parts, "iamRole")).toBe(label(parts, "iamRole"));
  });
});
