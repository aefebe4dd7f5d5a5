// npm run schema: regenerate regions/manifest.schema.json from the zod schema (a test fails when it is stale).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { manifestJsonSchemaText } from "../regions/json-schema.js";
import { cli } from "./lib/cli.js";

cli({
  usage: "npm run schema",
  description: "Regenerate regions/manifest.schema.json (for editor completion in regions.yaml) from the manifest's zod schema.",
  options: {},
  examples: ["npm run schema && git diff regions/manifest.schema.json"],
});

const file = join(__dirname, "..", "regions", "manifest.schema.json");
writeFileSync(file, manifestJsonSchemaText());
console.log(`wrote ${file}`);
