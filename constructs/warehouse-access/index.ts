export * from "./warehouse-access.js";
