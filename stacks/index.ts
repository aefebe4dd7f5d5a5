export * from "./cdc-stack.js";
export * from "./central-stack.js";
export * from "./edge-stack.js";
export * from "./kit-stack.js";
export * from "./regional-data-stack.js";
export * from "./warehouse-stack.js";
