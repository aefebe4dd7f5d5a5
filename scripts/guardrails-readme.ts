/** npm run guardrails:readme: regenerate the rule table in guardrails/README.md and the top README from the rule metadata. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withRulesTable } from "../guardrails/docs.js";
import { cli } from "./lib/cli.js";

cli({
  usage: "npm run guardrails:readme",
  description: "Regenerate the guardrail rule tables in guardrails/README.md and README.md from the rules' metadata.",
  options: {},
  examples: ["npm run guardrails:readme && git diff README.md guardrails/README.md"],
});

for (const file of [join(__dirname, "..", "guardrails", "README.md"), join(__dirname, "..", "README.md")]) {
  writeFileSync(file, withRulesTable(readFileSync(file, "utf8")));
  console.log(`updated ${file}`);
}
