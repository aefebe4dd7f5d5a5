export * from "./central-network.js";
export * from "./config-object.js";
export * from "./orchestrator.js";
export * from "./workspace-region-table.js";
