export * from "./job-specs.js";
export * from "./spark-cluster.js";
