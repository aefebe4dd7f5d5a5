export * from "./metrics.js";
export * from "./region-alarms.js";
