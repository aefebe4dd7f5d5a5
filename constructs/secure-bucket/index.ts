export * from "./secure-bucket.js";
