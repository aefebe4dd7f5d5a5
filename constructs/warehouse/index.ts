export * from "./warehouse-objects.js";
