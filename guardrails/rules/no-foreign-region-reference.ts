import { analysisRule } from "../residency/rule.js";

export const noForeignRegionReference = analysisRule({
  id: "RK-RES-002",
  name: "no-foreign-region-reference",
  kind: "reference",
  description:
    "Every AWS region code (the whole catalog, any partition, any case, in ARNs, hosts, URLs, decoded JSON, `\\u` escapes), ARN partition and 12-digit account anywhere in a stack is an allowed one; only descriptions, comments and tags may name others.",
  fix: "Build ARNs and names from this region's RegionResolver; name other regions only in `description` or tags.",
});
