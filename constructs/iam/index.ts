export * from "./policy.js";
export * from "./principal-variable.js";
