export * from "./logging-api.js";
