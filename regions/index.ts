// The kit's region library: manifest types, loader, naming and resolvers. Stacks and applications import from here.
export * from "./aws-regions.js";
export * from "./cidr.js";
export * from "./issues.js";
export * from "./loader.js";
export * from "./manifest.js";
export * from "./naming.js";
export * from "./resolvers.js";
export * from "./shard-map.js";
export * from "./routing.js";
export * from "./workspace-region.js";
export * from "./fleet.js";
export * from "./workspace-id.js";
export * from "./shard-function.js";
export * from "./shard-access.js";
export * from "./lock.js";
