import { analysisRule } from "../residency/rule.js";

export const centralNoRegionalDataAccess = analysisRule({
  id: "RK-RES-017",
  name: "central-no-regional-data-access",
  kind: "central-reach",
  stackKinds: ["central", "warehouse"],
  description:
    "No central policy or mover reaches a regional store: lake zones (logs included) and backups, access points, log groups, databases, Kafka, search, secrets, keys, snapshots; NotAction/NotResource read as complements; sts:AssumeRole only into orchestrator-access.",
  fix: "Central may submit EMR steps, read job specs and assume each region's orchestrator-access role; grant regional data access only inside data-<id>.",
});
