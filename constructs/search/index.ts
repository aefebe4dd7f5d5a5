export * from "./search-domain.js";
export * from "./security-config.js";
