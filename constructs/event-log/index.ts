export * from "./event-log.js";
export * from "./warehouse-endpoint.js";
