export * from "./lake-buckets.js";
