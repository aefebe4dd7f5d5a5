export * from "./kafka-cluster.js";
export * from "./topics.js";
export * from "./properties.js";
