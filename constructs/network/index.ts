export * from "./network.js";
export * from "./flow-logs.js";
