export * from "./cdc-cluster.js";
export * from "./cdc-deployment.js";
export * from "./connectors.js";
export * from "./kubernetes-names.js";
export * from "./debezium-options.js";
