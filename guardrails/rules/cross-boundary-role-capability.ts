import { analysisRule } from "../residency/rule.js";

export const crossBoundaryRoleCapability = analysisRule({
  id: "RK-RES-021",
  name: "cross-boundary-role-capability",
  kind: "cross-boundary",
  stackKinds: ["regional"],
  description:
    "The declared cross-boundary roles do only their job: orchestrator-access adds and describes EMR steps, reads job specs and passes Spark job roles to EMR; warehouse-read reads only the sanitized export prefix (with an external id).",
  fix: "Keep the OrchestratorAccess and WarehouseAccess constructs' policies as generated; anything wider belongs inside the region.",
});
