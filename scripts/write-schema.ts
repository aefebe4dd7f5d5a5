// npm run schema: regenerate regions/manifest.schema.json from the zod schema (a test fails when it is stale).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { manifestJsonSchemaText } from "../regions/json-schema.js";

const file = join(__dirname, "..", "regions", "manifest.schema.json");
writeFileSync(file, manifestJsonSchemaText());
console.log(`wrote ${file}`);
