export * from "./orchestrator-access.js";
