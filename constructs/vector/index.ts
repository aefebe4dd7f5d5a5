export * from "./serverless-vector-store.js";
export * from "./vector-store.js";
