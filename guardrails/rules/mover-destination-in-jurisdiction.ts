import { analysisRule } from "../residency/rule.js";

export const moverDestinationInJurisdiction = analysisRule({
  id: "RK-RES-019",
  name: "mover-destination-in-jurisdiction",
  kind: "flow",
  description:
    "Every destination of a data mover (buckets, ARNs, endpoints, replicas, peerings, inference profiles) resolves to a place of this stack's jurisdiction; a variable, function, unknown bucket or wildcard bucket cannot be proven and fails.",
  fix: "Point the mover at a resource of this stack or a literal in-jurisdiction ARN or bucket of this region.",
});
