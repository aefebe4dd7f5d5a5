export * from "./pgbouncer.js";
export * from "./shard-fleet.js";
export * from "./parameters.js";
