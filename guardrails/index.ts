// Guardrails over synthesized Terraform JSON: rules, packs, exceptions, the runner and the destroy guard.
export * from "./checks.js";
export * from "./engine.js";
export * from "./exceptions.js";
export * from "./packs.js";
export * from "./plan-guard.js";
export * from "./runner.js";
export * from "./stateful.js";
export * from "./types.js";
export { ALL_RULES } from "./rules/index.js";
