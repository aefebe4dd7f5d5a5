export * from "./region-keys.js";
export * from "./regional-key.js";
