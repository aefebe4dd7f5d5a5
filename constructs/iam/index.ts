export * from "./policy.js";
export * from "./principal-variable.js";
export * from "./role-grant.js";
