export * from "./policy.js";
export * from "./role-grant.js";
