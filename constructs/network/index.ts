export * from "./network.js";
