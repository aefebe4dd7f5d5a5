export * from "./edge-router.js";
