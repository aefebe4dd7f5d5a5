export * from "./search-domain.js";
