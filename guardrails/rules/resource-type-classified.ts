import { analysisRule } from "../residency/rule.js";

export const resourceTypeClassified = analysisRule({
  id: "RK-RES-018",
  name: "resource-type-classified",
  kind: "unclassified",
  managedOnly: true,
  description: "Every managed resource type is classified in guardrails/residency/catalog.ts (store / mover / control plane) for the kind of stack it is in: the residency model is a closed world.",
  fix: "Classify the type in guardrails/residency/catalog.ts; a mover names its destination attributes.",
});
